package tui

import (
	"strings"
	"testing"
)

// where names the screen on show, and the incident of a review screen,
// with the dashboard's list told from its numbers.
func where(a *App) string {
	switch a.current {
	case screenPicker:
		return "picker"
	case screenReview:
		return "review " + a.review.Incident()
	case screenMetrics:
		if strings.Contains(screenText(a), "SUGGESTIONS BEHIND") {
			return "metrics list"
		}
		return "metrics"
	case screenQueue:
		return "queue"
	case screenTrain:
		return "training"
	}
	return "fatal"
}

// q and esc go back exactly one screen, whichever way the person came,
// and only the first screen quits on q (docs/workstation.md).
func TestQGoesBackOneScreenAtATime(t *testing.T) {
	store := openFixtures(t)
	// walk presses each key and checks where it left the workstation;
	// "quit" says the key quit.
	type step struct{ key, want string }
	walk := func(t *testing.T, a *App, steps []step) {
		t.Helper()
		for i, s := range steps {
			quit := press(t, a, s.key)
			got := where(a)
			if quit {
				got = "quit"
			}
			if got != s.want {
				t.Fatalf("step %d: %s left %q, want %q\n%s", i+1, s.key, got, s.want, screenText(a))
			}
		}
	}
	other := func(t *testing.T, a *App) string {
		t.Helper()
		// The dashboard's list of suggestions opens on one of some
		// incident; which one depends on the fixtures.
		if a.current != screenReview {
			t.Fatalf("enter in the list did not open a step: %s", where(a))
		}
		return where(a)
	}
	t.Run("from a review named on the command line, through the dashboard to another step and back", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		walk(t, a, []step{{"M", "metrics"}, {"enter", "metrics list"}})
		press(t, a, "enter")
		opened := other(t, a)
		walk(t, a, []step{
			{"q", opened}, // the step pane back to its timeline
			{"q", "metrics list"},
			{"q", "metrics"},
			{"q", "review " + testIncident},
			{"q", "quit"},
		})
	})
	t.Run("from the picker, through a review and the dashboard to another step and back", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "enter")
		first := where(a)
		walk(t, a, []step{{"M", "metrics"}, {"enter", "metrics list"}})
		press(t, a, "enter")
		opened := other(t, a)
		walk(t, a, []step{
			{"esc", opened}, // the step pane back to its timeline
			{"esc", "metrics list"},
			{"esc", "metrics"},
			{"esc", first},
			{"q", "picker"},
			{"q", "quit"},
		})
	})
	t.Run("from the picker, the dashboard, a step and the dashboard again", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		walk(t, a, []step{{"M", "metrics"}, {"enter", "metrics list"}})
		press(t, a, "enter")
		opened := other(t, a)
		walk(t, a, []step{
			{"q", opened},
			{"M", "metrics list"},
			{"q", "metrics"},
			{"q", opened},
			// One dashboard: it shows what it was left showing.
			{"q", "metrics"},
			{"q", "picker"},
			{"q", "quit"},
		})
	})
	t.Run("esc on the first screen does not quit", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		walk(t, a, []step{{"esc", "review " + testIncident}})
	})
}

// The review screen's key line says where q takes you: back to the
// screen it was opened from, or out of signoff when it is the first.
func TestTheReviewScreenSaysWhetherQQuits(t *testing.T) {
	store := openFixtures(t)
	for _, tc := range []struct {
		name, incident string
		keys           []string
		want           string
	}{
		{"named on the command line", testIncident, nil, "q quit"},
		{"opened from the picker", "", []string{"enter"}, "q/esc back"},
		{"named on the command line, then opened again from the dashboard", testIncident, []string{"M", "enter", "enter", "q"}, "q/esc back"},
		{"named on the command line, and gone back to from the dashboard", testIncident, []string{"M", "q"}, "q quit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, store, reviewer, tc.incident, 80, 24)
			press(t, a, tc.keys...)
			lines := strings.Split(screenText(a), "\n")
			if last := lines[len(lines)-1]; !strings.HasSuffix(last, tc.want) {
				t.Errorf("the key line ends %q, want %q", last, tc.want)
			}
		})
	}
}
