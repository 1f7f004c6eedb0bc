package review

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/signoff/signoff/tui/common"
)

// KeyMap holds the keys of the review screen.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Focus, SwitchPane                       key.Binding
	Search, NextMatch, PrevMatch            key.Binding
	Filter, ClearFilter, Jump               key.Binding
	NextUnreviewed, PrevUnreviewed          key.Binding
	Evidence                                key.Binding
	Followed, Modified, Ignored, None       key.Binding
	Accept                                  key.Binding
	Refresh, Metrics, Help, Back, Quit      key.Binding
	Status                                  key.Binding
}

// DefaultKeyMap builds the review keys on the shared ones; space also
// pages down, as in a pager.
func DefaultKeyMap(shared common.KeyMap) KeyMap {
	pageDown := shared.PageDown
	pageDown.SetKeys(append(pageDown.Keys(), " ")...)
	return KeyMap{
		Up:             shared.Up,
		Down:           shared.Down,
		Top:            shared.Top,
		Bottom:         shared.Bottom,
		PageUp:         shared.PageUp,
		PageDown:       pageDown,
		Focus:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "step pane")),
		SwitchPane:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Search:         key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		NextMatch:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev match")),
		PrevMatch:      key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Filter:         key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "filter")),
		ClearFilter:    shared.ClearFilter,
		Jump:           key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "go to a time")),
		NextUnreviewed: key.NewBinding(key.WithKeys("]"), key.WithHelp("]/[", "next/prev unreviewed")),
		PrevUnreviewed: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous unreviewed")),
		Evidence:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "whole record")),
		Followed:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "followed")),
		Modified:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modified")),
		Ignored:        key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "ignored")),
		None:           key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "no AI")),
		Accept:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept proposed")),
		Refresh:        shared.Refresh,
		Metrics:        key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "trust metrics")),
		Status:         key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "incident status")),
		Help:           shared.Help,
		Back:           key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "back")),
		Quit:           shared.Quit,
	}
}

// ShortHelp offers n/N once there is a search to repeat, and esc while a
// filter is on, first, so a narrow screen's line still has them.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextMatch, k.ClearFilter, k.NextUnreviewed, k.Accept, k.Focus, k.Evidence, k.Search,
		k.Filter, k.Metrics, k.Help, k.Back}
}

// FullHelp lists every key once: a pair such as n/N or ]/[ is one entry.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Focus, k.SwitchPane, k.Evidence, k.Search, k.NextMatch, k.Filter, k.ClearFilter, k.Jump},
		{k.NextUnreviewed, k.Accept, k.Followed, k.Modified, k.Ignored, k.None},
		{k.Refresh, k.Metrics, k.Status, k.Help, k.Back, k.Quit},
	}
}

// FormKeyMap holds the keys of the review form.
type FormKeyMap struct {
	Followed, Modified, Ignored, None key.Binding
	Outcome, Correct, Note            key.Binding
	Save, SaveAnywhere, Cancel        key.Binding
	// Help lists every key of the form; it works outside the note.
	Help key.Binding
	// Confirm saves a verdict that disagrees with the record, once the
	// form has said so; it works only then.
	Confirm key.Binding
	// Discard closes the form and the note typed in it, once esc has
	// asked; it works only then.
	Discard key.Binding
}

func DefaultFormKeyMap() FormKeyMap {
	return FormKeyMap{
		Followed:     key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "followed")),
		Modified:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modified")),
		Ignored:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "ignored")),
		None:         key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "no AI")),
		Outcome:      key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outcome changed")),
		Correct:      key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "AI correct")),
		Note:         key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "note")),
		Save:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		SaveAnywhere: key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "save")),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Confirm:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "save with your note"), key.WithDisabled()),
		Discard:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "discard it"), key.WithDisabled()),
	}
}

// ShortHelp leaves out the letters the form's box names beside each
// field, so the line fits 80 columns; ? lists them too.
func (k FormKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Confirm, k.Discard, k.Note, k.Save, k.SaveAnywhere, k.Cancel, k.Help}
}

func (k FormKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Followed, k.Modified, k.Ignored, k.None}, {k.Outcome, k.Correct, k.Note}, {k.Confirm, k.Discard, k.Save, k.SaveAnywhere, k.Cancel, k.Help}}
}

// ViewerKeyMap holds the keys of the evidence view.
type ViewerKeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Back, Help key.Binding
}

// DefaultViewerKeyMap builds the evidence view's keys on the shared ones,
// with a pager's b, f and space as well.
func DefaultViewerKeyMap(shared common.KeyMap) ViewerKeyMap {
	k := ViewerKeyMap{Up: shared.Up, Down: shared.Down, PageUp: shared.PageUp, PageDown: shared.PageDown,
		Top: shared.Top, Bottom: shared.Bottom,
		Back: key.NewBinding(key.WithKeys("q", "esc", "e"), key.WithHelp("q/esc", "back")), Help: shared.Help}
	k.PageUp.SetKeys(append(k.PageUp.Keys(), "b")...)
	k.PageDown.SetKeys(append(k.PageDown.Keys(), " ", "f")...)
	k.PageUp.SetHelp("pgup/b", "page up")
	k.PageDown.SetHelp("pgdn/space/f", "page down")
	k.Top.SetHelp("g", "top")
	k.Bottom.SetHelp("G", "bottom")
	return k
}

// ShortHelp fits 80 columns with the way back first; ? lists the rest.
func (k ViewerKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Down, k.Up, k.PageDown, k.Help}
}

func (k ViewerKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}, {k.Top, k.Bottom}, {k.Back, k.Help}}
}
