package tui

import "github.com/charmbracelet/bubbles/key"

// ReviewKeyMap holds the keys of the review screen (issue 3 bindings).
type ReviewKeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Focus, SwitchPane                       key.Binding
	Search, NextMatch, PrevMatch            key.Binding
	NextUnreviewed, PrevUnreviewed          key.Binding
	Evidence                                key.Binding
	Followed, Modified, Ignored, None       key.Binding
	Accept                                  key.Binding
	Refresh, Metrics, Help, Back, Quit      key.Binding
}

func DefaultReviewKeyMap() ReviewKeyMap {
	return ReviewKeyMap{
		Up:             key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:           key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:            key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "first")),
		Bottom:         key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "last")),
		PageUp:         key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:       key.NewBinding(key.WithKeys("pgdown", "ctrl+f", " "), key.WithHelp("pgdn", "page down")),
		Focus:          key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "step pane")),
		SwitchPane:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Search:         key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		NextMatch:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev match")),
		PrevMatch:      key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		NextUnreviewed: key.NewBinding(key.WithKeys("]"), key.WithHelp("]/[", "next/prev unreviewed")),
		PrevUnreviewed: key.NewBinding(key.WithKeys("["), key.WithHelp("[", "previous unreviewed")),
		Evidence:       key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "evidence")),
		Followed:       key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "followed")),
		Modified:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "modified")),
		Ignored:        key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "ignored")),
		None:           key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "no AI")),
		Accept:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept proposed")),
		Refresh:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Metrics:        key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "trust metrics")),
		Help:           key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Back:           key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "back")),
		Quit:           key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

func (k ReviewKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextUnreviewed, k.Accept, k.Focus, k.Evidence, k.Search, k.Metrics, k.Help, k.Back}
}

func (k ReviewKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown},
		{k.Focus, k.SwitchPane, k.Evidence, k.Search, k.NextMatch, k.PrevMatch},
		// NextUnreviewed's help ("]/[") already names PrevUnreviewed.
		{k.NextUnreviewed, k.Accept, k.Followed, k.Modified, k.Ignored, k.None},
		{k.Refresh, k.Metrics, k.Help, k.Back, k.Quit},
	}
}

// FormKeyMap holds the keys of the review form.
type FormKeyMap struct {
	Followed, Modified, Ignored, None key.Binding
	Outcome, Correct, Note            key.Binding
	Save, SaveAnywhere, Cancel        key.Binding
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
	}
}

func (k FormKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Followed, k.Modified, k.Ignored, k.None, k.Outcome, k.Correct, k.Note, k.Save, k.SaveAnywhere, k.Cancel}
}

func (k FormKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Followed, k.Modified, k.Ignored, k.None}, {k.Outcome, k.Correct, k.Note}, {k.Save, k.SaveAnywhere, k.Cancel}}
}

// PickerKeyMap holds the keys of the incident picker.
type PickerKeyMap struct {
	Up, Down, Filter, Open, Refresh, Metrics, Help, Quit key.Binding
}

func DefaultPickerKeyMap() PickerKeyMap {
	return PickerKeyMap{
		Up:      key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:    key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Filter:  key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Metrics: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "trust metrics")),
		Help:    key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Quit:    key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

func (k PickerKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.Filter, k.Open, k.Refresh, k.Metrics, k.Quit}
}

func (k PickerKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down}, {k.Filter, k.Open}, {k.Refresh, k.Metrics, k.Help, k.Quit}}
}

// ViewerKeyMap holds the keys of the evidence view.
type ViewerKeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Back key.Binding
}

func DefaultViewerKeyMap() ViewerKeyMap {
	return ViewerKeyMap{
		Up:       key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Back:     key.NewBinding(key.WithKeys("q", "esc", "e"), key.WithHelp("q/esc", "back")),
	}
}

func (k ViewerKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp, k.Top, k.Bottom, k.Back}
}

func (k ViewerKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// SearchKeyMap holds the keys while typing a search or filter.
type SearchKeyMap struct{ Run, Cancel key.Binding }

func DefaultSearchKeyMap() SearchKeyMap {
	return SearchKeyMap{
		Run:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "find")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k SearchKeyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Run, k.Cancel} }
func (k SearchKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
