package review

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestNavigation(t *testing.T) {
	store := openFixtures(t)
	cases := []struct {
		name  string
		keys  []string
		check func(t *testing.T, a *App)
	}{
		{"the screen opens on the first row with its detail loaded", nil, func(t *testing.T, a *App) {
			if a.screen.timeline.cursor != 0 || a.screen.pane.Detail() == nil {
				t.Errorf("cursor %d, detail %v", a.screen.timeline.cursor, a.screen.pane.Detail())
			}
		}},
		{"j moves down one row and loads that row's detail", []string{"j"}, func(t *testing.T, a *App) {
			r := selected(t, a)
			if a.screen.timeline.cursor != 1 || a.screen.pane.Detail().rowID != r.ID {
				t.Errorf("cursor %d, detail for %s", a.screen.timeline.cursor, a.screen.pane.Detail().rowID)
			}
		}},
		{"k at the top stays on the first row", []string{"k", "up"}, func(t *testing.T, a *App) {
			if a.screen.timeline.cursor != 0 {
				t.Errorf("cursor %d", a.screen.timeline.cursor)
			}
		}},
		{"G goes to the last row and g back to the first", []string{"G"}, func(t *testing.T, a *App) {
			if !a.screen.timeline.AtBottom() {
				t.Errorf("G did not reach the last row: cursor %d of %d", a.screen.timeline.cursor, len(a.screen.timeline.rows))
			}
			press(t, a, "g")
			if !a.screen.timeline.AtTop() {
				t.Errorf("g did not reach the first row")
			}
		}},
		{"] jumps to a step with no verdict yet", []string{"]"}, func(t *testing.T, a *App) {
			r := selected(t, a)
			if r.Subject == "" || r.Verdict != "" {
				t.Errorf("] went to %s (subject %q, verdict %q)", r.ID, r.Subject, r.Verdict)
			}
		}},
		{"] twice goes further and [ comes back", []string{"]", "]"}, func(t *testing.T, a *App) {
			second := selected(t, a)
			press(t, a, "[")
			back := selected(t, a)
			if !back.At.Before(second.At) && back.ID == second.ID {
				t.Errorf("[ did not go back from %s", second.ID)
			}
		}},
		{"enter focuses the step pane and q returns to the timeline", []string{"enter"}, func(t *testing.T, a *App) {
			if !a.screen.pane.Focused() {
				t.Fatal("enter did not focus the step pane")
			}
			press(t, a, "q")
			if a.screen.pane.Focused() || !a.screen.timeline.Focused() {
				t.Errorf("q did not return to the timeline")
			}
		}},
		{"tab switches panes", []string{"tab"}, func(t *testing.T, a *App) {
			if !a.screen.pane.Focused() {
				t.Errorf("tab did not switch to the step pane")
			}
		}},
		{"a search with enter jumps to a matching row", []string{"/", "r", "e", "v", "o", "k", "e", "enter"}, func(t *testing.T, a *App) {
			r := selected(t, a)
			hay := strings.ToLower(r.Summary + r.Actor + r.ID)
			if !strings.Contains(hay, "revoke") {
				t.Errorf("search went to %s %q", r.ID, r.Summary)
			}
			first := r.ID
			press(t, a, "n")
			if selected(t, a).ID == first {
				t.Errorf("n stayed on %s", first)
			}
		}},
		{"e opens the evidence view and q closes it", []string{"]", "e"}, func(t *testing.T, a *App) {
			if a.screen.viewer == nil {
				t.Fatal("e did not open the evidence view")
			}
			press(t, a, "q")
			if a.screen.viewer != nil {
				t.Errorf("q did not close the evidence view")
			}
		}},
		{"? shows the full help", []string{"?"}, func(t *testing.T, a *App) {
			if !strings.Contains(screenText(a), "next/prev unreviewed") {
				t.Errorf("full help lacks ]:\n%s", screenText(a))
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newTestApp(t, store, reviewer, testIncident, 160, 48)
			press(t, a, c.keys...)
			c.check(t, a)
		})
	}
}

func TestVerdictKeys(t *testing.T) {
	store := openFixtures(t)
	cases := []struct {
		key, at string
		want    model.Verdict
	}{
		{"f", "S3", model.VerdictFollowed},
		{"m", "S3", model.VerdictModified},
		{"i", "S3", model.VerdictIgnored},
		{"x", "D7", model.VerdictNone}, // a human-originated action
	}
	for _, c := range cases {
		t.Run(c.key+" opens the form with "+string(c.want)+" filled in", func(t *testing.T) {
			a := openAt(t, store, reviewer, testIncident, c.at, 80, 24)
			press(t, a, c.key)
			if a.screen.form == nil {
				t.Fatal("no form opened")
			}
			if got := a.screen.form.Review(reviewer).Verdict; got != c.want {
				t.Errorf("verdict %q, want %q", got, c.want)
			}
			press(t, a, "esc")
			if a.screen.form != nil {
				t.Errorf("esc did not close the form")
			}
		})
	}
	t.Run("a fills in the proposed verdict", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "a")
		d := a.screen.pane.Detail()
		if a.screen.form == nil || d == nil || d.step == nil {
			t.Fatal("no form or no step")
		}
		if a.screen.form.verdict == "" {
			t.Errorf("the proposed verdict was not filled in")
		}
	})
	t.Run("verdict keys do nothing on a row outside any step", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		if selected(t, a).Subject != "" {
			t.Skip("the first row of the fixture is part of a step")
		}
		press(t, a, "f")
		if a.screen.form != nil {
			t.Errorf("f opened a form on an alert")
		}
	})
}

func TestSavingAVerdict(t *testing.T) {
	ctx := context.Background()
	t.Run("saving records the verdict as the person and moves on to the next unreviewed step", func(t *testing.T) {
		store := openFixtures(t)
		a := newTestApp(t, store, reviewer, testIncident, 160, 48)
		press(t, a, "]")
		subject := selected(t, a).Subject
		press(t, a, "a", "o", "c", "tab", "w", "h", "y", "ctrl+s")
		if a.screen.form != nil {
			t.Fatalf("the form is still open: %s", a.screen.form.err)
		}
		st, err := store.Step(ctx, testIncident, subject)
		if err != nil {
			t.Fatal(err)
		}
		r := st.LatestReview()
		if r == nil || r.Reviewer != reviewer || r.Verdict != model.VerdictFollowed || r.OutcomeChanged != "yes" || r.AICorrect != "yes" || r.Note != "why" {
			t.Fatalf("the store holds %+v for %s", r, subject)
		}
		next := selected(t, a)
		if next.Subject == subject || next.Verdict != "" {
			t.Errorf("after saving the selection is %s (subject %s, verdict %q)", next.ID, next.Subject, next.Verdict)
		}
		if !strings.Contains(screenText(a), "Saved: followed for "+subject) {
			t.Errorf("the footer does not confirm the save:\n%s", screenText(a))
		}
	})
	t.Run("someone who is not a person of the incident is told up front, and no form opens", func(t *testing.T) {
		store := openFixtures(t)
		a := newTestApp(t, store, "root", testIncident, 80, 24)
		want := "you (root) are not a person of " + testIncident + ": read-only; use --as PERSON"
		if !strings.Contains(strings.Join(strings.Fields(screenText(a)), " "), want) {
			t.Errorf("the header does not say so before any key:\n%s", screenText(a))
		}
		press(t, a, "]", "m")
		if a.screen.form != nil {
			t.Fatal("m opened the verdict form for root")
		}
		if !strings.Contains(a.screen.status, want) {
			t.Errorf("m says %q, want %q", a.screen.status, want)
		}
		if strings.Contains(screenText(a), "a accept proposed") {
			t.Errorf("the help offers a verdict key to root:\n%s", screenText(a))
		}
		checkFrame(t, a.View(), 80, 24)
	})
}

func TestRefreshShowsOtherReviewersVerdicts(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, testIncident, 160, 48)
	press(t, a, "]")
	row := selected(t, a)
	_, err := store.RecordReview(context.Background(), testIncident, model.Review{Subject: row.Subject, Reviewer: "bob",
		Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a refresh, as the router asks when another connection wrote, shows it", func(t *testing.T) {
		drive(t, a, a.screen.Refresh())
		if got := selected(t, a); got.Reviewer != "bob" {
			t.Errorf("after the version changed the row shows reviewer %q", got.Reviewer)
		}
		if !strings.Contains(screenText(a), "✓ followed · bob") {
			t.Errorf("the timeline lacks bob's mark:\n%s", screenText(a))
		}
	})
	t.Run("ctrl+r refreshes by hand", func(t *testing.T) {
		press(t, a, "ctrl+r")
		if d := a.screen.pane.Detail(); d == nil || d.step == nil || d.step.LatestReview() == nil {
			t.Errorf("the step pane does not show the verdict after ctrl+r")
		}
	})
}
