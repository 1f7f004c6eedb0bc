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

// A pasted bidi override or zero-width space would reorder or hide text
// in the field while it is typed (text fields show their text raw): the
// field holds its escape instead, which is what it then records.
func TestWhatDrawsAsNothingIsTypedAsItsEscape(t *testing.T) {
	a := newTestAppWith(t, Options{Start: StartQueue}, openFixtures(t), "tomas", 80, 24)
	press(t, a, "j", "j", "j", "a")
	if !strings.Contains(screenText(a), "Rationale (required)") {
		t.Fatalf("the decision form did not open:\n%s", screenText(a))
	}
	drive(t, a, func() tea.Msg {
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ok\u202eevil\u200bx"), Paste: true}
	})
	if got := screenText(a); !strings.Contains(got, `› ok\u202Eevil\u200Bx`) || strings.ContainsAny(got, "\u202e\u200b") {
		t.Errorf("the pasted text is not shown with its escapes:\n%s", got)
	}
}
