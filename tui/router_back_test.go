package tui

import (
	"strings"
	"testing"
)

// q means back: with a verdict being written it asks first, and y then
// goes back one screen, not out of signoff.
func TestQWithAnUnsavedVerdictGoesBackOneScreen(t *testing.T) {
	store := openFixtures(t)
	t.Run("opened from the picker, y goes back to the picker", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "enter", "]", "f")
		if press(t, a, "q") || a.confirm == "" {
			t.Fatal("q left without asking")
		}
		if out := screenText(a); !strings.Contains(out, "go back and lose it?") {
			t.Errorf("the question does not say q goes back:\n%s", out)
		}
		if press(t, a, "y") {
			t.Fatal("y after q quit signoff instead of going back to the picker")
		}
		if a.current != screenPicker {
			t.Fatalf("y after q left the screen on %v, want the picker", a.current)
		}
		press(t, a, "enter")
		if a.current != screenReview || a.review.Unsaved() != "" {
			t.Errorf("the incident opened again still holds the verdict given up: %q", a.review.Unsaved())
		}
	})
	t.Run("named on the command line, q asks to quit and y quits", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "f", "q")
		if out := screenText(a); !strings.Contains(out, "quit and lose it?") {
			t.Errorf("with nothing behind the screen, q should ask to quit:\n%s", out)
		}
		if !press(t, a, "y") {
			t.Error("y did not quit")
		}
	})
	t.Run("ctrl+c still asks to quit, and y quits, whatever is behind", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "enter", "]", "f", "ctrl+c")
		if out := screenText(a); !strings.Contains(out, "quit and lose it?") {
			t.Errorf("ctrl+c should ask to quit:\n%s", out)
		}
		if !press(t, a, "y") {
			t.Error("y after ctrl+c did not quit")
		}
	})
}
