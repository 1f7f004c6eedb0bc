package picker

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the incident picker. It is the first screen, so
// q quits.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Filter, ClearFilter, Open               key.Binding
	Queue, Train, Metrics                   key.Binding
	Refresh, Help, Quit                     key.Binding
}

func DefaultKeyMap(shared common.KeyMap) KeyMap {
	return KeyMap{
		Up:          shared.Up,
		Down:        shared.Down,
		Top:         shared.Top,
		Bottom:      shared.Bottom,
		PageUp:      shared.PageUp,
		PageDown:    shared.PageDown,
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: shared.ClearFilter,
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Refresh:     shared.Refresh,
		Metrics:     key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "trust metrics")),
		Queue:       key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "queue")),
		Train:       key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "train")),
		Help:        shared.Help,
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Filter, k.ClearFilter, k.Open, k.Queue, k.Train, k.Metrics, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}, {k.Filter, k.ClearFilter, k.Open},
		{k.Queue, k.Train, k.Metrics}, {k.Refresh, k.Help, k.Quit}}
}

// FilterKeyMap holds the keys while typing a filter.
type FilterKeyMap struct{ Run, Cancel key.Binding }

func DefaultFilterKeyMap() FilterKeyMap {
	return FilterKeyMap{
		// The list narrows as you type: enter does not search, it keeps
		// the filter on and gives the keys back to the list.
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop filter")),
	}
}

func (k FilterKeyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Run, k.Cancel} }
func (k FilterKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
