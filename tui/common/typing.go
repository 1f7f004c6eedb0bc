package common

import (
	tea "github.com/charmbracelet/bubbletea"
)

// A terminal hands a program what it read in one go. That is one key when
// a person presses one, but several characters at once when text is
// pasted, typed over a slow link or sent by `tmux send-keys -l`. Bubble
// Tea gives those as one key message whose String is the text itself, so
// the word "enter" or "delete" inside a sentence would match the key of
// that name, and "jjj" would match no key at all. Every screen takes its
// keys through the functions below: in a text field, several characters
// are text; anywhere else they are one press each; a bracketed paste is
// always text, and outside a text field it is never taken as commands.

// IsText reports whether k carries typed text rather than one key press:
// a bracketed paste, or several characters read at once.
func IsText(k tea.KeyMsg) bool {
	return k.Type == tea.KeyRunes && !k.Alt && (k.Paste || len(k.Runes) > 1)
}

// ForText is the message a text field should get for k: text comes as a
// paste, which matches no key binding (bubbles' inputs insert it as it
// is), so "enter" typed in a sentence is five letters, not a submit.
func ForText(k tea.KeyMsg) tea.KeyMsg {
	if !IsText(k) {
		return k
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: k.Runes, Paste: true}
}

// Presses are the key presses k stands for outside a text field: one per
// character of several read at once, none for a paste, k itself
// otherwise.
func Presses(k tea.KeyMsg) []tea.KeyMsg {
	switch {
	case !IsText(k):
		return []tea.KeyMsg{k}
	case k.Paste:
		return nil
	}
	out := make([]tea.KeyMsg, len(k.Runes))
	for i, r := range k.Runes {
		out[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			out[i].Type = tea.KeySpace
		}
	}
	return out
}

// EachPress hands update the presses k stands for, one at a time,
// threading the model and gathering the commands: how a list or a screen
// of one-letter commands takes a key. A single press goes straight
// through.
func EachPress[M any](m M, k tea.KeyMsg, update func(M, tea.KeyMsg) (M, tea.Cmd)) (M, tea.Cmd) {
	if !IsText(k) {
		return update(m, k)
	}
	var cmds []tea.Cmd
	for _, p := range Presses(k) {
		var cmd tea.Cmd
		m, cmd = update(m, p)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// PasteIgnored is the sentence a screen shows when text is pasted where
// no text field is open.
const PasteIgnored = "Pasted text is ignored here: no text field is open."
