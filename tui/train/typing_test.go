package train

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

func TestTypedTextStaysTextInTraining(t *testing.T) {
	send := func(t *testing.T, m *Model, msgs ...tea.KeyMsg) {
		t.Helper()
		for _, k := range msgs {
			drive(t, m, func() tea.Msg { return k })
		}
	}
	t.Run("a rationale and a changed detail typed in one read keep their words", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "space", "space", "m", "ctrl+u")
		send(t, m, tuitest.Read("then delete the image")...)
		press(t, m, "tab")
		send(t, m, tuitest.Read("press enter only when sure")...)
		if m.phase != phaseForm {
			t.Fatalf("a word of the rationale ended the form (phase %d)", m.phase)
		}
		if got := m.form.rationale.Value(); got != "press enter only when sure" {
			t.Errorf("the rationale holds %q", got)
		}
		if a := m.form.action(); a == nil || a.Detail != "then delete the image" {
			t.Errorf("the modified action is %+v", a)
		}
	})
	t.Run("keys read at once at a decision point are one press each", func(t *testing.T) {
		d := openSmall(t)
		m := newTestModel(t, d, "INC-7", "alice", 80, 24)
		press(t, m, "space", "space")
		send(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ar")})
		if m.phase != phaseForm || m.form.outcome != model.OutcomeApproved || m.form.rationale.Value() != "r" {
			t.Errorf("\"ar\" at the decision point gave phase %d, rationale %q", m.phase, m.form.rationale.Value())
		}
	})
}
