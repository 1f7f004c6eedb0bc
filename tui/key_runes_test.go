package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Bubble Tea hands every program the same rune slice for some keys (a
// space is its package-level spaceRunes), and bubbles' text inputs clean
// a key's runes in place. Two sessions of signoff serve typing a space at
// once wrote that one slice from two goroutines (go test -race found it).
// The router hands the screens a copy, so no screen writes a key's runes.
func TestNoScreenWritesTheRunesOfAKey(t *testing.T) {
	a := newTestAppWith(t, Options{Start: StartQueue}, openFixtures(t), "tomas", 80, 24)
	press(t, a, "j", "j", "j", "a")
	if !strings.Contains(screenText(a), "Rationale (required)") {
		t.Fatalf("the decision form did not open:\n%s", screenText(a))
	}
	// A control character is dropped by the input's sanitiser, which then
	// moves the next rune down, in place.
	runes := []rune{0x01, 'x'}
	drive(t, a, func() tea.Msg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: runes} })
	if string(runes) != "\x01x" {
		t.Errorf("the key's runes were changed to %q", string(runes))
	}
	if !strings.Contains(screenText(a), "› x") {
		t.Errorf("the text did not reach the form:\n%s", screenText(a))
	}
}
