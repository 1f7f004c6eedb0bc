package picker

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the incident picker. It is the first screen, so
// q quits.
type KeyMap struct {
	Up, Down, Filter, Open, Refresh, Metrics, Help, Quit key.Binding
}

func DefaultKeyMap(shared common.KeyMap) KeyMap {
	return KeyMap{
		Up:      shared.Up,
		Down:    shared.Down,
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Metrics: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "trust metrics")),
		Help:    shared.Help,
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Filter, k.Open, k.Refresh, k.Metrics, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Filter, k.Open}, {k.Refresh, k.Metrics, k.Help, k.Quit}}
}

// FilterKeyMap holds the keys while typing a filter.
type FilterKeyMap struct{ Run, Cancel key.Binding }

func DefaultFilterKeyMap() FilterKeyMap {
	return FilterKeyMap{
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "find")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k FilterKeyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Run, k.Cancel} }
func (k FilterKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
