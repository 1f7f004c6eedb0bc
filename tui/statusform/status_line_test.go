package statusform

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// Letters typed on the status line, where the form opens, are the
// rationale begun: they go there whole, however they arrive, and no
// letter changes the status (h and l once did, dropping the rest).
func TestTextTypedOnTheStatusLineGoesToTheRationale(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	const said = "host isolated, logs kept"
	cases := []struct {
		name string
		keys []tea.KeyMsg
	}{
		{"typed a key at a time", presses(said)},
		{"read at once", []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune(said)}}},
		{"pasted", []tea.KeyMsg{{Type: tea.KeyRunes, Runes: []rune(said), Paste: true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(st, "INC-7", "alice", model.StatusOpen, 0)
			for _, k := range c.keys {
				m, _ = m.Update(k)
			}
			if got := m.Request().Rationale; got != said {
				t.Errorf("the rationale is %q; want %q", got, said)
			}
			if m.Choice() != model.StatusContained {
				t.Errorf("typing changed the status to %s", m.Choice())
			}
			if !m.InText() {
				t.Error("the form does not say it takes text")
			}
			_, last := run(m, "enter")
			if _, ok := last.(SubmitMsg); !ok {
				t.Errorf("enter did not submit the change with the typed rationale: %v", last)
			}
		})
	}
}

// presses is s typed one key at a time, spaces as the space key.
func presses(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			k = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{r}}
		}
		out = append(out, k)
	}
	return out
}
