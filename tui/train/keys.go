package train

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the training screen. Keys that do nothing in
// the current phase are disabled, so the help never lies.
type KeyMap struct {
	Next                           key.Binding
	Approve, Modify, Reject, Defer key.Binding
	Up, Down, PageUp, PageDown     key.Binding
	Top, Bottom                    key.Binding
	Field, Submit, Cancel          key.Binding
	Help, Quit, ForceQuit          key.Binding
}

// DefaultKeyMap builds the training keys on the shared ones: here the
// arrows scroll the pane, and b and f page as in a pager.
func DefaultKeyMap(shared common.KeyMap) KeyMap {
	k := KeyMap{
		Next:      key.NewBinding(key.WithKeys(" ", "n"), key.WithHelp("space/n", "next event")),
		Approve:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
		Modify:    key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modify")),
		Reject:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject")),
		Defer:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "defer")),
		Up:        shared.Up,
		Down:      shared.Down,
		PageUp:    shared.PageUp,
		PageDown:  shared.PageDown,
		Top:       shared.Top,
		Bottom:    shared.Bottom,
		Field:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Submit:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "decide and reveal")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "change outcome")),
		Help:      shared.Help,
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "leave (saved)")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "leave")),
	}
	k.Top.SetHelp("g/home", "top")
	k.Bottom.SetHelp("G/end", "bottom")
	k.Up.SetHelp("↑/k", "scroll up")
	k.Down.SetHelp("↓/j", "scroll down")
	k.PageUp.SetKeys(append(k.PageUp.Keys(), "b")...)
	k.PageDown.SetKeys(append(k.PageDown.Keys(), "f")...)
	return k
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Approve, k.Modify, k.Reject, k.Defer, k.Field, k.Submit, k.Cancel, k.Down, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Approve, k.Modify, k.Reject, k.Defer},
		{k.Field, k.Submit, k.Cancel},
		{k.Help, k.Quit, k.ForceQuit},
	}
}

// forPhase enables exactly the keys that act in a phase.
func (k *KeyMap) forPhase(ph phase) {
	choosing := ph == phaseChoose
	typing := ph == phaseForm
	reading := ph == phaseWatch || ph == phaseChoose || ph == phaseReveal || ph == phaseScore
	k.Next.SetEnabled(ph == phaseWatch || ph == phaseReveal)
	for _, b := range []*key.Binding{&k.Approve, &k.Modify, &k.Reject, &k.Defer} {
		b.SetEnabled(choosing)
	}
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(reading)
	}
	k.Field.SetEnabled(typing)
	k.Submit.SetEnabled(typing)
	k.Cancel.SetEnabled(typing)
	k.Help.SetEnabled(!typing)
	k.Quit.SetEnabled(!typing && ph != phaseSaving)
	k.Quit.SetHelp("q", "leave (saved)")
	if ph == phaseScore {
		k.Quit.SetHelp("q", "quit")
		k.Quit.SetEnabled(true)
	}
}
