package queue

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// keyBinding lets a list of bindings be enabled in one loop.
type keyBinding = key.Binding

// KeyMap holds the keys of the queue list.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	ScrollUp, ScrollDown                    key.Binding
	Approve, Modify, Reject, Defer          key.Binding
	Filter, ClearFilter, Sort               key.Binding
	Claim, Evidence, Copy, Note, Status     key.Binding
	Refresh, Help, Quit                     key.Binding
}

// DefaultKeyMap builds the queue's keys on the shared ones; refresh is
// ctrl+r, as on every screen (r rejects here), and esc clears the filter.
func DefaultKeyMap(shared common.KeyMap) KeyMap {
	return KeyMap{
		Up:          shared.Up,
		Down:        shared.Down,
		Top:         shared.Top,
		Bottom:      shared.Bottom,
		PageUp:      shared.PageUp,
		PageDown:    shared.PageDown,
		ScrollUp:    key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K", "scroll detail up")),
		ScrollDown:  key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "scroll detail down")),
		Approve:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
		Modify:      key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modify")),
		Reject:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reject")),
		Defer:       key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "defer")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: shared.ClearFilter,
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort: tier/expiry/age")),
		Claim:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "claim")),
		Evidence:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence")),
		Copy:        key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		Note:        key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "hand-off note")),
		Status:      key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "incident status")),
		Refresh:     shared.Refresh,
		Help:        shared.Help,
		Quit:        key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Approve, k.Reject, k.Defer, k.Claim, k.Filter, k.ClearFilter, k.Help, k.Quit}
}

func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Approve, k.Modify, k.Reject, k.Defer, k.Claim},
		{k.Filter, k.ClearFilter, k.Sort, k.Refresh},
		{k.Evidence, k.Copy, k.ScrollUp, k.ScrollDown},
		{k.Note, k.Status, k.Help, k.Quit},
	}
}

// FormKeyMap holds the keys of the decision form.
type FormKeyMap struct {
	Next, Prev, Toggle, Up, Down, Confirm, Cancel key.Binding
	// More and Less scroll the action's detail at the confirm step, when
	// it is longer than the room it has.
	More, Less key.Binding
	// Help opens every key, where ? is not typed into a field: on the
	// evidence list, or over a draft decided elsewhere.
	Help key.Binding
	// CopyDraft copies what was typed, once the item was decided elsewhere.
	CopyDraft key.Binding
	// Discard closes the form and what was typed in it, once esc has
	// asked; it works only then.
	Discard key.Binding
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
		More:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn/pgup", "scroll the detail")),
		Less:    key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "scroll the detail back")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		CopyDraft: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy your draft"),
			key.WithDisabled()),
		Discard: discardKey(),
	}
}

// discardKey gives up what was typed in a form, once esc has asked.
func discardKey() key.Binding {
	return key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "discard it"), key.WithDisabled())
}

// askingToDiscard turns off every key of a form but y, which discards,
// and esc, which (as any other key) goes back to the form.
func askingToDiscard(discard, cancel *key.Binding, others ...*key.Binding) {
	for _, b := range others {
		b.SetEnabled(false)
	}
	discard.SetEnabled(true)
	cancel.SetHelp("esc", "keep writing")
}

func (k FormKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Discard, k.Next, k.Toggle, k.More, k.Confirm, k.CopyDraft, k.Help, k.Cancel}
}

func (k FormKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev}, {k.Up, k.Down, k.Toggle}, {k.More, k.Less}, {k.Confirm, k.CopyDraft, k.Help, k.Cancel}}
}
