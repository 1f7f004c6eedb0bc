package metrics

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds the keys of the metrics screen.
type KeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	Switch, Open, Back         key.Binding
	Refresh, Help, Quit        key.Binding
}

// DefaultKeyMap returns the metrics screen's keys. Quit is disabled: the
// screen that embeds the component decides how to leave; the standalone
// program enables it.
func DefaultKeyMap() KeyMap {
	k := KeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f", " "), key.WithHelp("pgdn", "page down")),
		Switch:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "agents/actions")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "suggestions behind it")),
		Back:     key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
	k.Quit.SetEnabled(false)
	return k
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Switch, k.Open, k.Back, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Switch, k.Open, k.Back}, {k.Refresh, k.Help, k.Quit}}
}
