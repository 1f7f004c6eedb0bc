package tui

import (
	"strings"
	"testing"
)

// q and esc mean on the dashboard what they mean on every screen
// (docs/workstation.md): q goes back one step, the list of suggestions
// to the numbers as the step pane to the timeline, and quits only from
// the first screen; esc closes what is open and never quits.
func TestQAndEscOnTheDashboardAgreeWithTheOtherScreens(t *testing.T) {
	store := openFixtures(t)
	listed := func(a *App) bool { return strings.Contains(screenText(a), "SUGGESTIONS BEHIND") }
	for _, start := range []struct {
		name string
		o    Options
	}{{"started on the dashboard", Options{Start: StartMetrics}}, {"opened from the picker", Options{}}} {
		t.Run(start.name+", q in the list of suggestions goes back to the numbers", func(t *testing.T) {
			a := newTestAppWith(t, start.o, store, reviewer, 80, 24)
			if start.o.Start != StartMetrics {
				press(t, a, "M")
			}
			press(t, a, "enter")
			if !listed(a) {
				t.Fatalf("enter did not list the suggestions:\n%s", screenText(a))
			}
			if press(t, a, "q") || a.current != screenMetrics || listed(a) {
				t.Errorf("q in the list left state %d (list shown %v), want the dashboard's numbers", a.current, listed(a))
			}
		})
	}
	t.Run("started on the dashboard, esc on the numbers does not quit", func(t *testing.T) {
		a := newTestAppWith(t, Options{Start: StartMetrics}, store, reviewer, 80, 24)
		if press(t, a, "esc") || a.current != screenMetrics {
			t.Errorf("esc on the first screen quit (state %d)", a.current)
		}
		if press(t, a, "?"); strings.Contains(screenText(a), "esc") {
			t.Errorf("the help offers esc, which does nothing here:\n%s", screenText(a))
		}
	})
	t.Run("opened from the picker, the help says esc closes the dashboard, as it does", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "M", "?")
		if !strings.Contains(screenText(a), "esc close") {
			t.Errorf("the full help does not offer esc:\n%s", screenText(a))
		}
		press(t, a, "esc")
		if a.current != screenPicker {
			t.Errorf("esc left state %d, want the picker", a.current)
		}
	})
}
