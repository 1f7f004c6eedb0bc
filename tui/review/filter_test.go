package review

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// filterBy types a filter into the F prompt and runs it.
func filterBy(t *testing.T, a *App, filter string) {
	t.Helper()
	press(t, a, "F", "ctrl+u")
	send(t, a, tuitest.Read(filter)...)
	press(t, a, "enter")
}

func TestTimelineFilters(t *testing.T) {
	store := openFixtures(t)
	ctx := context.Background()
	roster, err := store.Roster(ctx, testIncident)
	if err != nil {
		t.Fatal(err)
	}
	findings := func(t *testing.T, subject string) int {
		st, err := store.Step(ctx, testIncident, subject)
		if err != nil {
			t.Fatal(err)
		}
		return len(rules.StepFindings(st, roster, rules.DefaultPolicy()))
	}
	assetOf := func(t *testing.T, r model.TimelineRow) string {
		if r.Kind == model.KindEvidence {
			ev, err := store.Evidence(ctx, testIncident, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ev.Asset
		}
		st, err := store.Step(ctx, testIncident, r.ID)
		if err != nil {
			return ""
		}
		if a := st.Action(); a != nil {
			return a.Target
		}
		return ""
	}
	cases := []struct {
		filter, header string
		keep           func(t *testing.T, r model.TimelineRow) bool
	}{
		{"kind:ai", "kind ai", func(t *testing.T, r model.TimelineRow) bool { return r.Kind == model.KindSuggestion }},
		{"kind:human,exec actor:tomas", "kind exec, human · actor tomas", func(t *testing.T, r model.TimelineRow) bool {
			return (r.Kind == model.KindDecision || r.Kind == model.KindExecution) && r.Actor == "tomas"
		}},
		{"asset:erik-laptop", "asset erik-laptop", func(t *testing.T, r model.TimelineRow) bool {
			return assetOf(t, r) == "erik-laptop"
		}},
		{"unreviewed kind:ai", "kind ai · steps without a verdict", func(t *testing.T, r model.TimelineRow) bool {
			return r.Kind == model.KindSuggestion && r.Verdict == ""
		}},
		{"findings", "steps with findings", func(t *testing.T, r model.TimelineRow) bool {
			return r.Subject != "" && findings(t, r.Subject) > 0
		}},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%q at %dx%d keeps only its rows, says so in the header, and esc brings every row back", c.filter, size[0], size[1]), func(t *testing.T) {
				a := newTestApp(t, store, reviewer, testIncident, size[0], size[1])
				all := len(a.screen.timeline.rows)
				filterBy(t, a, c.filter)
				rows := a.screen.timeline.rows
				if len(rows) == 0 || len(rows) == all {
					t.Fatalf("the filter kept %d of %d rows", len(rows), all)
				}
				for _, r := range rows {
					if !c.keep(t, r) {
						t.Errorf("the filter kept %s %s %q", r.ID, r.Kind, r.Summary)
					}
				}
				if !strings.Contains(screenText(a), "filter: "+c.header) {
					t.Errorf("the header does not show the filter:\n%s", screenText(a))
				}
				checkFrame(t, a.View(), size[0], size[1])
				press(t, a, "esc")
				if got := len(a.screen.timeline.rows); got != all || strings.Contains(screenText(a), "filter:") {
					t.Errorf("esc left %d of %d rows, header:\n%s", got, all, screenText(a))
				}
			})
		}
	}
	t.Run("a filter it cannot read keeps the prompt open and says why", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		filterBy(t, a, "kind:robot")
		if a.screen.asking != askFilter || !strings.Contains(a.screen.status, `"robot" is not a kind of row`) {
			t.Errorf("asking %v, status %q", a.screen.asking, a.screen.status)
		}
	})
	t.Run("t asks for a time in one whole line at 80 columns", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "t")
		want := "go to (UTC): 15:04, 15:04:05, 2006-01-02 15:04 or RFC 3339"
		for _, l := range strings.Split(screenText(a), "\n") {
			if strings.HasPrefix(l, "go to") && strings.TrimRight(l, " ") != want {
				t.Errorf("the prompt reads %q, want %q", l, want)
			}
		}
		if !strings.Contains(screenText(a), want) {
			t.Errorf("no line reads %q:\n%s", want, screenText(a))
		}
	})
	t.Run("t goes to the first row at the time typed", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "t")
		send(t, a, tuitest.Read("09:30")...)
		press(t, a, "enter")
		at := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
		r := selected(t, a)
		prev := a.screen.timeline.rows[a.screen.timeline.cursor-1]
		if r.At.Before(at) || !prev.At.Before(at) {
			t.Errorf("t 09:30 selected %s at %s after %s at %s", r.ID, r.At, prev.ID, prev.At)
		}
	})
}

func TestSearch(t *testing.T) {
	store := openFixtures(t)
	ctx := context.Background()
	total, err := store.CountTimeline(ctx, testIncident, model.TimelineFilter{Text: "revoke"}, nil, 1000)
	if err != nil || total < 3 {
		t.Fatalf("the fixture has %d rows with revoke: %v", total, err)
	}
	a := newTestApp(t, store, reviewer, testIncident, 80, 24)
	press(t, a, "/")
	send(t, a, tuitest.Read("revoke")...)
	press(t, a, "enter")
	t.Run("the title says which match of how many is selected", func(t *testing.T) {
		if want := fmt.Sprintf("/revoke: 1 of %d", total); !strings.Contains(screenText(a), want) {
			t.Errorf("the screen lacks %q:\n%s", want, screenText(a))
		}
		press(t, a, "n")
		if want := fmt.Sprintf("/revoke: 2 of %d", total); !strings.Contains(screenText(a), want) {
			t.Errorf("after n the screen lacks %q", want)
		}
	})
	t.Run("the other matches on screen are marked", func(t *testing.T) {
		lines := strings.Split(screenText(a), "\n")
		marked := 0
		for _, r := range a.screen.timeline.Visible() {
			if r.ID == selected(t, a).ID {
				continue
			}
			match := strings.Contains(strings.ToLower(r.Summary+" "+r.Actor+" "+r.ID), "revoke")
			for _, l := range lines {
				if strings.Contains(l, r.At.UTC().Format("15:04:05")) && strings.HasPrefix(l, "≈ ") != match {
					t.Errorf("row %s (match %v) is drawn %q", r.ID, match, l)
				}
			}
			if match {
				marked++
			}
		}
		if marked == 0 {
			t.Errorf("no match is on screen:\n%s", screenText(a))
		}
	})
	t.Run("n/N are in the short help once there is a search", func(t *testing.T) {
		if !strings.Contains(screenText(a), "n/N next/prev match") {
			t.Errorf("the help line lacks n/N:\n%s", screenText(a))
		}
	})
	t.Run("/ starts a fresh query, offering the last one, and enter on it searches it again", func(t *testing.T) {
		press(t, a, "/")
		if v := a.screen.prompt.Value(); v != "" {
			t.Errorf("the new query starts with %q", v)
		}
		if !strings.Contains(a.screen.prompt.Placeholder, "revoke") {
			t.Errorf("the last query is not offered: %q", a.screen.prompt.Placeholder)
		}
		before := selected(t, a).ID
		press(t, a, "enter")
		if a.screen.query != "revoke" || selected(t, a).ID == before {
			t.Errorf("enter on the empty field searched %q and stayed on %s", a.screen.query, before)
		}
	})
	t.Run("the full help lists each key once", func(t *testing.T) {
		b := newTestApp(t, store, reviewer, testIncident, 160, 48)
		press(t, b, "/")
		send(t, b, tuitest.Read("revoke")...)
		press(t, b, "enter", "?")
		seen := map[string]bool{}
		for _, group := range b.screen.activeKeys().FullHelp() {
			for _, k := range group {
				for _, name := range k.Keys() {
					if k.Enabled() && seen[name] {
						t.Errorf("the full help lists %q twice", name)
					}
					seen[name] = true
				}
			}
		}
		if strings.Contains(screenText(b), "N previous match") {
			t.Errorf("the full help has N apart from n/N:\n%s", screenText(b))
		}
	})
}

// A page of the findings filter that kept nothing, before the end of the
// timeline, is read on from where it stopped, until rows come or the
// timeline ends.
func TestTheFindingsFilterReadsOnWhileNothingPasses(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, testIncident, 80, 24)
	a.screen.filter = viewFilter{Findings: true}
	gen := a.screen.timeline.NewWindow()
	stopped := model.Cursor{At: time.Date(2026, 3, 10, 9, 20, 0, 0, time.UTC), ID: "X3"}
	for _, mode := range []windowMode{windowReplace, windowAppend} {
		sc, cmd := a.screen.Update(windowMsg{mode: mode, gen: gen, edgeLast: &stopped})
		if cmd == nil || !sc.timeline.loadingAfter || sc.timeline.Last() != stopped {
			t.Errorf("mode %d: an empty page did not read on from %s (loading %v, last %v)", mode, stopped.ID, sc.timeline.loadingAfter, sc.timeline.Last())
		}
		a.screen = sc
	}
	sc, cmd := a.screen.Update(windowMsg{mode: windowAppend, gen: gen, atEnd: true})
	if cmd != nil && sc.timeline.loadingAfter {
		t.Errorf("the end of the timeline still reads on")
	}
}
