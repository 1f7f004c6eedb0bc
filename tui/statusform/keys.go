package statusform

import "github.com/charmbracelet/bubbles/key"

// KeyMap holds the form's keys.
type KeyMap struct {
	Left, Right, Next, Prev, Toggle, Confirm, Cancel key.Binding
	// Discard closes the form and the rationale typed in it, once esc
	// has asked; it works only then.
	Discard key.Binding
}

func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:    key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "status")),
		Right:   key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next status")),
		Next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Toggle:  key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", "defer all")),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Discard: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "discard it"), key.WithDisabled()),
	}
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Discard, k.Left, k.Next, k.Toggle, k.Confirm, k.Cancel}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Left, k.Right}, {k.Next, k.Prev, k.Toggle}, {k.Discard, k.Confirm, k.Cancel}}
}
