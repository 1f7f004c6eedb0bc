package metrics

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the metrics screen.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Switch, Open, Back                      key.Binding
	Refresh, Help, Quit                     key.Binding
}

// DefaultKeyMap returns the metrics screen's keys, built on the shared
// ones. Quit is disabled: the router enables it, saying whether q closes
// the dashboard or quits.
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
		Back:     key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
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
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Switch, k.Open, k.Back}, {k.Refresh, k.Help, k.Quit}}
}
