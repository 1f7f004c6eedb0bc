package common

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds the keys that mean the same on every screen: moving
// through a list (g/home and G/end reach its very first and last row),
// refreshing, clearing a filter, the help, and leaving. A screen's own key
// map starts from these, so j, G, ctrl+r or esc never change meaning
// between screens. Refresh is ctrl+r because r rejects in the queue and in
// training.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Refresh, ClearFilter                    key.Binding
	Help, Quit                              key.Binding
}

// DefaultKeyMap returns the shared keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:          key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Refresh:     key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "refresh")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:        key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}
