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
	"github.com/signoff/signoff/tui/metrics"
)

// firstListedSuggestion is the suggestion the dashboard lists first for
// its first agent: what M, enter, enter opens.
func firstListedSuggestion(t *testing.T, d *db.DB) model.SuggestionFact {
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
	facts, err := d.MetricSuggestions(ctx, model.MetricsFilter{Agent: r.ByAgent[0].Agent}, nil, 1)
	if err != nil || len(facts) == 0 {
		t.Fatalf("no suggestion for agent %s: %v", r.ByAgent[0].Agent, err)
	}
	return facts[0]
}

// storeOnly hides the metrics methods of a store.
type storeOnly struct{ model.Store }

func TestMetricsFromTheWorkstation(t *testing.T) {
	store := openFixtures(t)
	onDashboard := func(t *testing.T, a *App) {
		t.Helper()
		if a.state != stateMetrics || !strings.Contains(screenText(a), "AI TRUST METRICS") {
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
		if a.state != stateReview || selected(t, a).ID != was {
			t.Errorf("esc left state %d on row %s, want the review screen on %s", a.state, selected(t, a).ID, was)
		}
	})
	t.Run("q on the dashboard returns to the picker it was opened from", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "M")
		onDashboard(t, a)
		press(t, a, "q")
		if a.state != statePicker {
			t.Errorf("q left state %d, want the picker", a.state)
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
		if a.state != statePicker {
			t.Errorf("the second esc left state %d, want the picker", a.state)
		}
	})
	t.Run("without a metrics store M does nothing and no help offers it", func(t *testing.T) {
		for _, inc := range []string{"", testIncident} {
			a := newTestAppWith(t, Options{Store: storeOnly{store}, Person: reviewer, Incident: inc}, 160, 48)
			was := a.state
			press(t, a, "?")
			if strings.Contains(screenText(a), "trust metrics") {
				t.Errorf("the help offers M without a metrics store:\n%s", screenText(a))
			}
			press(t, a, "?", "M")
			if a.state != was {
				t.Errorf("M changed the state to %d without a metrics store", a.state)
			}
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
		if a.state != stateReview || !a.screen.Dirty() {
			t.Errorf("M in the note left the form (state %d)", a.state)
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
			if a.state != stateReview || a.screen.incident != want.Incident {
				t.Fatalf("enter opened state %d on %q, want %s", a.state, a.screen.incident, want.Incident)
			}
			if got := selected(t, a); got.ID != want.Suggestion {
				t.Errorf("selected %s, want %s", got.ID, want.Suggestion)
			}
			d := a.screen.pane.Detail()
			if d == nil || d.step == nil || d.step.Suggestion == nil || d.step.Suggestion.ID != want.Suggestion {
				t.Fatalf("the step pane does not show %s", want.Suggestion)
			}
			out := screenText(a)
			if !strings.Contains(out, "Step "+want.Suggestion) || !strings.Contains(out, "AI SUGGESTION") {
				t.Errorf("the screen does not show step %s:\n%s", want.Suggestion, out)
			}
			checkFrame(t, a.View(), size[0], size[1])
			// q leaves the step pane, then the screen, back to the numbers.
			if a.screen.pane.Focused() {
				press(t, a, "q")
			}
			press(t, a, "q")
			if a.state != stateMetrics {
				t.Errorf("q from a step opened by the dashboard went to state %d, want the dashboard", a.state)
			}
		})
	}
	t.Run("started on the dashboard, enter opens the step, q comes back to the numbers and q there quits", func(t *testing.T) {
		a := newTestAppWith(t, Options{Store: store, Person: reviewer, Dashboard: true}, 160, 48)
		if a.state != stateMetrics || !strings.Contains(screenText(a), "q quit") {
			t.Fatalf("the workstation did not start on the dashboard with q to quit:\n%s", screenText(a))
		}
		press(t, a, "enter", "enter")
		if a.state != stateReview || selected(t, a).ID != want.Suggestion {
			t.Fatalf("enter opened state %d, want the review screen on %s", a.state, want.Suggestion)
		}
		press(t, a, "q", "q")
		if a.state != stateMetrics {
			t.Fatalf("q from the step went to state %d, want the dashboard", a.state)
		}
		a.Update(keyMsg("esc")) // closes the list the reader left open
		_, cmd := a.Update(keyMsg("q"))
		if cmd == nil || cmd() != tea.Quit() {
			t.Errorf("q on the dashboard the workstation started on does not quit")
		}
	})
	t.Run("a suggestion of the incident already open is selected in the same screen", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 160, 48)
		press(t, a, "M")
		drive(t, a, func() tea.Msg { return metrics.OpenStepMsg{Incident: testIncident, Suggestion: "S4"} })
		if a.state != stateReview || selected(t, a).ID != "S4" {
			t.Fatalf("state %d, row %s; want the review screen on S4", a.state, selected(t, a).ID)
		}
		if d := a.screen.pane.Detail(); d == nil || d.step == nil || d.step.Subject != "S4" {
			t.Errorf("the step pane does not show S4")
		}
	})
}
