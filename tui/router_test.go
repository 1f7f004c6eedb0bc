package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestQuitting(t *testing.T) {
	store := openFixtures(t)
	quits := func(a *App, k string) bool { return press(t, a, k) }
	t.Run("ctrl+c with an unsaved verdict asks first, and n stays", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "f")
		if quits(a, "ctrl+c") || a.confirm == "" {
			t.Fatal("ctrl+c quit without asking")
		}
		if !strings.Contains(screenText(a), "quit and lose it?") {
			t.Errorf("the question is not on screen:\n%s", screenText(a))
		}
		if quits(a, "n") || a.review.Unsaved() == "" {
			t.Errorf("n did not keep the form")
		}
	})
	t.Run("y after the question quits", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "f", "ctrl+c")
		if !quits(a, "y") {
			t.Errorf("y did not quit")
		}
	})
	t.Run("q with nothing unsaved quits when an incident was named", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		if !quits(a, "q") {
			t.Errorf("q did not quit")
		}
	})
	t.Run("q goes back to the picker when the picker opened the incident", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "enter")
		if a.current != screenReview {
			t.Fatal("enter did not open an incident")
		}
		press(t, a, "q")
		if a.current != screenPicker {
			t.Errorf("q did not return to the picker")
		}
	})
}

func TestPickerAndErrors(t *testing.T) {
	store := openFixtures(t)
	t.Run("the picker filters with / and opens with enter", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "/", "2", "0", "4", "3", "enter")
		if s := a.picker.Selected(); s == nil || s.ID != "INC-2043" || strings.Count(screenText(a), "INC-20") != 1 {
			t.Fatalf("the filter shows:\n%s", screenText(a))
		}
		press(t, a, "enter")
		if a.current != screenReview || a.review.Incident() != "INC-2043" {
			t.Errorf("enter opened %q", a.review.Incident())
		}
	})
	t.Run("an unknown incident gets the full-screen error with the way out", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "INC-9999", 80, 24)
		out := screenText(a)
		if a.current != screenFatal || !strings.Contains(out, "INC-9999") || !strings.Contains(out, "Press q to quit") {
			t.Errorf("no fatal screen:\n%s", out)
		}
	})
}

func TestTheRouterTakesKeysReadAtOnceAsPresses(t *testing.T) {
	store := openFixtures(t)
	t.Run("q among letters read at once still asks before a verdict is lost", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		press(t, a, "]", "f")
		drive(t, a, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("oq")} })
		if a.confirm == "" || a.review.Unsaved() == "" {
			t.Errorf("q read with o did not ask first (confirm %q)", a.confirm)
		}
	})
	t.Run("a search typed right after / in one read goes into the search", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 80, 24)
		drive(t, a, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/revoke")} })
		if !a.review.InText() || !strings.Contains(screenText(a), "search: revoke") {
			t.Errorf("the search field does not hold the text:\n%s", screenText(a))
		}
	})
}

func TestThePickerKeys(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, "", 80, 24)
	all, err := store.Incidents(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("G goes to the last incident and g to the first", func(t *testing.T) {
		press(t, a, "G")
		if s := a.picker.Selected(); s == nil || s.ID != all[len(all)-1].ID {
			t.Errorf("G selected %v", s)
		}
		press(t, a, "g")
		if s := a.picker.Selected(); s == nil || s.ID != all[0].ID {
			t.Errorf("g selected %v", s)
		}
	})
	t.Run("a filter typed in one read is text, and esc clears it once applied", func(t *testing.T) {
		press(t, a, "/")
		drive(t, a, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2043")} })
		press(t, a, "enter")
		if s := a.picker.Selected(); s == nil || s.ID != "INC-2043" || strings.Count(screenText(a), "INC-20") != 1 {
			t.Fatalf("the filter shows:\n%s", screenText(a))
		}
		press(t, a, "esc")
		if n := strings.Count(screenText(a), "INC-20"); n != len(all) {
			t.Errorf("after esc %d incidents show, want %d", n, len(all))
		}
	})
}
