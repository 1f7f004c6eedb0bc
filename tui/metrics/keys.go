package metrics

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the metrics screen.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	// Back closes the list of suggestions (q too, as q leaves the review
	// screen's step pane for its timeline); Close leaves the numbers for
	// the screen the dashboard was opened from.
	Switch, Open, Back, Close key.Binding
	Refresh, Help, Quit       key.Binding
}

// DefaultKeyMap returns the metrics screen's keys, built on the shared
// ones. Quit and Close are disabled: the router enables Quit, saying
// whether q closes the dashboard or quits, and Close when the dashboard
// has a screen to go back to (esc never quits).
func DefaultKeyMap(shared common.KeyMap) KeyMap {
	k := KeyMap{
		Up:       shared.Up,
		Down:     shared.Down,
		Top:      shared.Top,
		Bottom:   shared.Bottom,
		PageUp:   shared.PageUp,
		PageDown: shared.PageDown,
		Switch:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "agents/actions")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "suggestions behind it")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace", "q"), key.WithHelp("esc", "back")),
		Close:    key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "close"), key.WithDisabled()),
		Refresh:  shared.Refresh,
		Help:     shared.Help,
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
	k.PageDown.SetKeys(append(k.PageDown.Keys(), " ")...)
	k.Quit.SetEnabled(false)
	return k
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Switch, k.Open, k.Back, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Switch, k.Open, k.Back}, {k.Refresh, k.Help, k.Close, k.Quit}}
}
