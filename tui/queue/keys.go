package queue

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the queue list.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	ScrollUp, ScrollDown                    key.Binding
	Approve, Modify, Reject, Defer          key.Binding
	Refresh, Help, Quit                     key.Binding
}

// DefaultKeyMap builds the queue's keys on the shared ones; refresh is
// ctrl+r, as on every screen (r rejects here).
func DefaultKeyMap(shared common.KeyMap) KeyMap {
	return KeyMap{
		Up:         shared.Up,
		Down:       shared.Down,
		Top:        shared.Top,
		Bottom:     shared.Bottom,
		PageUp:     shared.PageUp,
		PageDown:   shared.PageDown,
		ScrollUp:   key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "scroll detail up")),
		ScrollDown: key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "scroll detail down")),
		Approve:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
		Modify:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modify")),
		Reject:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject")),
		Defer:      key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "defer")),
		Refresh:    shared.Refresh,
		Help:       shared.Help,
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Approve, k.Modify, k.Reject, k.Defer, k.ScrollDown, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.ScrollUp, k.ScrollDown, k.Refresh},
		{k.Approve, k.Modify, k.Reject, k.Defer},
		{k.Help, k.Quit},
	}
}

// FormKeyMap holds the keys of the decision form.
type FormKeyMap struct {
	Next, Prev, Toggle, Up, Down, Confirm, Cancel key.Binding
}

func DefaultFormKeyMap() FormKeyMap {
	return FormKeyMap{
		Next:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:    key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Toggle:  key.NewBinding(key.WithKeys(" ", "x"), key.WithHelp("space", "tick evidence")),
		Up:      key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "up")),
		Down:    key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "down")),
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k FormKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Toggle, k.Confirm, k.Cancel}
}

func (k FormKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Up, k.Down, k.Toggle}, {k.Confirm, k.Cancel}}
}
