package common

import (
	"errors"
	"io"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/safetext"
)

// CopiedMsg says how a copy to the clipboard went: What names what was
// copied, for the footer.
type CopiedMsg struct {
	What string
	Err  error
}

// errNoTerminal is a copy with nowhere to write it.
var errNoTerminal = errors.New("there is no terminal to copy through")

// Copy puts t on the clipboard by writing the OSC 52 sequence to the
// terminal, in one write (so it never splits a frame the renderer writes),
// and reports with a CopiedMsg. what names the copy in the footer.
func (c Common) Copy(what string, t safetext.Text) tea.Cmd {
	w := c.Terminal
	return func() tea.Msg {
		if w == nil {
			return CopiedMsg{What: what, Err: errNoTerminal}
		}
		_, err := io.WriteString(w, safetext.Clipboard(t))
		return CopiedMsg{What: what, Err: err}
	}
}
