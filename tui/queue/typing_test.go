package queue

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// read sends text as a terminal read delivers it: a message per word.
func read(t *testing.T, m *Model, text string) {
	t.Helper()
	for _, k := range tuitest.Read(text) {
		drive(t, m, k)
	}
}

func TestTypedTextStaysTextInTheQueue(t *testing.T) {
	t.Run("a modification and a rationale typed in one read keep delete and enter as words", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "tomas", 80, 24)
		selectKey(t, m, "INC-2046/S5")
		press(t, m, "m", "ctrl+u")
		read(t, m, "then delete the rule")
		press(t, m, "tab")
		read(t, m, "please enter it as the owner")
		if m.form == nil {
			t.Fatal("a word of the rationale submitted the form")
		}
		req := m.form.Request()
		if *req.ActionDetail != "then delete the rule" || req.Rationale != "please enter it as the owner" {
			t.Errorf("the form holds detail %q and rationale %q", *req.ActionDetail, req.Rationale)
		}
		if decisionOf(t, m, "S5") != nil {
			t.Errorf("a decision was recorded while typing")
		}
	})
	t.Run("a confirmation typed in one read is text", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "alice", 80, 24)
		selectKey(t, m, "INC-2046/S6")
		press(t, m, "r")
		read(t, m, "not compromised")
		press(t, m, "enter")
		drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("INC-2046")})
		if got := m.form.confirm.Value(); got != "INC-2046" {
			t.Errorf("the confirmation holds %q", got)
		}
	})
	t.Run("jj in one read moves two items and a paste on the list does nothing", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "tomas", 80, 24)
		drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")})
		if m.selected != 2 {
			t.Errorf("the cursor is on item %d, want 2", m.selected)
		}
		drive(t, m, tuitest.Paste("ar"))
		if m.form != nil || m.status != common.PasteIgnored {
			t.Errorf("a paste opened a form (%v) or said %q", m.form != nil, m.status)
		}
	})
}
