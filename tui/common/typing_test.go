package common

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func TestTypedText(t *testing.T) {
	t.Run("several characters read at once are text, one is a key press", func(t *testing.T) {
		for _, c := range []struct {
			k    tea.KeyMsg
			text bool
		}{
			{runes("enter"), true},
			{runes("jjj"), true},
			{runes("j"), false},
			{tea.KeyMsg{Type: tea.KeyEnter}, false},
			{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q"), Paste: true}, true},
			{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ab"), Alt: true}, false},
		} {
			if got := IsText(c.k); got != c.text {
				t.Errorf("IsText(%q) = %v, want %v", c.k.String(), got, c.text)
			}
		}
	})
	t.Run("text for a field matches no key binding", func(t *testing.T) {
		for _, w := range []string{"enter", "delete", "tab", "esc"} {
			if got := ForText(runes(w)).String(); got == w {
				t.Errorf("the word %q still reads as the key %q", w, got)
			}
		}
		if got := ForText(runes("j")); got.Paste || got.String() != "j" {
			t.Errorf("one letter for a field became %q (paste %v)", got.String(), got.Paste)
		}
	})
	t.Run("in a list several characters are one press each and a paste is none", func(t *testing.T) {
		ps := Presses(runes("jj k"))
		want := []string{"j", "j", " ", "k"}
		if len(ps) != len(want) {
			t.Fatalf("got %d presses, want %d", len(ps), len(want))
		}
		for i, p := range ps {
			if p.String() != want[i] {
				t.Errorf("press %d is %q, want %q", i, p.String(), want[i])
			}
		}
		if ps[2].Type != tea.KeySpace {
			t.Errorf("the space is a %v, not the space key", ps[2].Type)
		}
		if ps := Presses(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("rm"), Paste: true}); len(ps) != 0 {
			t.Errorf("a paste in a list became %d presses", len(ps))
		}
	})
	t.Run("each press reaches the update in order", func(t *testing.T) {
		got, _ := EachPress("", runes("abc"), func(s string, k tea.KeyMsg) (string, tea.Cmd) { return s + k.String() + ",", nil })
		if got != "a,b,c," {
			t.Errorf("the presses arrived as %q", got)
		}
	})
}
