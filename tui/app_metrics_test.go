package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// firstListedSuggestion is the suggestion the dashboard lists first for
// its first agent: what M, enter, enter opens.
func firstListedSuggestion(t *testing.T, d *db.DB) model.SuggestionFact {
	t.Helper()
	return firstListedSuggestions(t, d, 1)[0]
}

// firstListedSuggestions are the first n suggestions the dashboard lists
// for its first agent.
func firstListedSuggestions(t *testing.T, d *db.DB, n int) []model.SuggestionFact {
	t.Helper()
	ctx := context.Background()
	cells, err := d.MetricCells(ctx, model.MetricsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	r := review.Summarise(cells, review.DefaultPolicy())
	if len(r.ByAgent) == 0 {
		t.Fatal("the fixtures have no agent")
	}
	facts, err := d.MetricSuggestions(ctx, model.MetricsFilter{Agent: r.ByAgent[0].Agent}, nil, n)
	if err != nil || len(facts) < n {
		t.Fatalf("fewer than %d suggestions for agent %s: %v", n, r.ByAgent[0].Agent, err)
	}
	return facts
}

func TestMetricsFromTheWorkstation(t *testing.T) {
	store := openFixtures(t)
	onDashboard := func(t *testing.T, a *App) {
		t.Helper()
		if a.current != screenMetrics || !strings.Contains(screenText(a), "AI TRUST METRICS") {
			t.Fatalf("M did not open the dashboard:\n%s", screenText(a))
		}
	}

	t.Run("M on the review screen opens the dashboard and esc returns to the same row", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "j")
		was := selected(t, a).ID
		press(t, a, "M")
		onDashboard(t, a)
		checkFrame(t, a.View(), 80, 24)
		press(t, a, "esc")
		if a.current != screenReview || selected(t, a).ID != was {
			t.Errorf("esc left state %d on row %s, want the review screen on %s", a.current, selected(t, a).ID, was)
		}
	})
	t.Run("q on the dashboard returns to the picker it was opened from", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "M")
		onDashboard(t, a)
		press(t, a, "q")
		if a.current != screenPicker {
			t.Errorf("q left state %d, want the picker", a.current)
		}
	})
	t.Run("esc in the list of suggestions closes the list before it leaves the dashboard", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 160, 48)
		press(t, a, "M", "enter")
		if !strings.Contains(screenText(a), "SUGGESTIONS BEHIND") {
			t.Fatalf("enter did not list the suggestions:\n%s", screenText(a))
		}
		press(t, a, "esc")
		onDashboard(t, a)
		if strings.Contains(screenText(a), "SUGGESTIONS BEHIND") {
			t.Errorf("esc did not close the list")
		}
		press(t, a, "esc")
		if a.current != screenPicker {
			t.Errorf("the second esc left state %d, want the picker", a.current)
		}
	})
	t.Run("the help offers M on the picker and the review screen", func(t *testing.T) {
		for _, inc := range []string{"", testIncident} {
			a := newTestApp(t, store, reviewer, inc, 160, 48)
			if !strings.Contains(screenText(a), "M trust metrics") {
				t.Errorf("the footer of %q lacks M:\n%s", inc, screenText(a))
			}
		}
	})
	t.Run("M is a letter, not the dashboard, while a verdict's note is typed", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "a", "tab", "M")
		if a.current != screenReview || a.review.Unsaved() == "" {
			t.Errorf("M in the note left the form (state %d)", a.current)
		}
	})
}

func TestOpenStepFromTheDashboard(t *testing.T) {
	store := openFixtures(t)
	want := firstListedSuggestion(t, store)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d enter on a suggestion opens its incident with the suggestion selected and its step in the pane", size[0], size[1]), func(t *testing.T) {
			a := newTestApp(t, store, reviewer, "", size[0], size[1])
			press(t, a, "M", "enter", "enter")
			if a.current != screenReview || a.review.Incident() != want.Incident {
				t.Fatalf("enter opened state %d on %q, want %s", a.current, a.review.Incident(), want.Incident)
			}
			if got := selected(t, a); got.ID != want.Suggestion {
				t.Errorf("selected %s, want %s", got.ID, want.Suggestion)
			}
			st := a.review.ShownStep()
			if st == nil || st.Suggestion == nil || st.Suggestion.ID != want.Suggestion {
				t.Fatalf("the step pane does not show %s", want.Suggestion)
			}
			out := screenText(a)
			if !strings.Contains(out, "Step "+want.Suggestion) || !strings.Contains(out, "AI SUGGESTION") {
				t.Errorf("the screen does not show step %s:\n%s", want.Suggestion, out)
			}
			checkFrame(t, a.View(), size[0], size[1])
			// q leaves the step pane, then the screen, back to the numbers.
			if a.review.PaneFocused() {
				press(t, a, "q")
			}
			press(t, a, "q")
			if a.current != screenMetrics {
				t.Errorf("q from a step opened by the dashboard went to state %d, want the dashboard", a.current)
			}
		})
	}
	t.Run("started on the dashboard, enter opens the step, q comes back to the numbers and q there quits", func(t *testing.T) {
		a := newTestAppWith(t, Options{Start: StartMetrics}, store, reviewer, 160, 48)
		if a.current != screenMetrics || !strings.Contains(screenText(a), "q quit") {
			t.Fatalf("the workstation did not start on the dashboard with q to quit:\n%s", screenText(a))
		}
		press(t, a, "enter", "enter")
		if a.current != screenReview || selected(t, a).ID != want.Suggestion {
			t.Fatalf("enter opened state %d, want the review screen on %s", a.current, want.Suggestion)
		}
		press(t, a, "q", "q")
		if a.current != screenMetrics {
			t.Fatalf("q from the step went to state %d, want the dashboard", a.current)
		}
		press(t, a, "esc") // closes the list the reader left open
		if !press(t, a, "q") {
			t.Errorf("q on the dashboard the workstation started on does not quit")
		}
	})
	t.Run("a suggestion of the incident already open is selected in the same screen", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 160, 48)
		press(t, a, "M")
		drive(t, a, func() tea.Msg { return common.OpenIncidentMsg{ID: testIncident, Focus: "S4", Step: true} })
		if a.current != screenReview || selected(t, a).ID != "S4" {
			t.Fatalf("state %d, row %s; want the review screen on S4", a.current, selected(t, a).ID)
		}
		if st := a.review.ShownStep(); st == nil || st.Subject != "S4" {
			t.Errorf("the step pane does not show S4")
		}
	})
}

// The dashboard opens a step of the incident whose review screen is still
// reading its roster: the screen is reused, and must land on the step
// asked for last, not the one it was first opened at.
func TestAStepOpenedAgainBeforeItsIncidentLoadedIsTheOneSelected(t *testing.T) {
	store := openFixtures(t)
	listed := firstListedSuggestions(t, store, 2)
	first, second := listed[0], listed[1]
	if first.Incident != second.Incident {
		t.Fatalf("the first agent's first two suggestions are of %s and %s; want one incident", first.Incident, second.Incident)
	}
	a := newTestAppWith(t, Options{Start: StartMetrics}, store, reviewer, 80, 24)
	press(t, a, "enter") // the first agent's suggestions
	// enter opens the first; q leaves its step pane and q the screen,
	// before the store answered; j and enter open the second.
	burst(t, a, keys("enter", "q", "q", "j", "enter")...)
	if a.current != screenReview || a.review.Incident() != second.Incident {
		t.Fatalf("on screen %d, incident %q; want the review screen of %s", a.current, a.review.Incident(), second.Incident)
	}
	if got := selected(t, a); got.ID != second.Suggestion {
		t.Errorf("selected %s; want %s, the step opened last", got.ID, second.Suggestion)
	}
	if st := a.review.ShownStep(); st == nil || st.Suggestion == nil || st.Suggestion.ID != second.Suggestion || !a.review.PaneFocused() {
		t.Errorf("the step pane does not show %s with the keys", second.Suggestion)
	}
}
