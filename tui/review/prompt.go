package review

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

// The footer's prompts: a search (/), a filter (F) and a time to go to
// (t). Each is a one-line text field; enter acts, esc closes it.

func (s Model) openPrompt(p prompt) (Model, tea.Cmd) {
	s.asking = p
	s.prompt.SetValue("")
	switch p {
	case askSearch:
		// A fresh query each time; the last one is offered, and enter on
		// an empty field runs it again.
		s.prompt.Prompt = "search: "
		s.prompt.Placeholder = "text in summaries, actors and ids"
		if s.query != "" {
			s.prompt.Placeholder = s.query + "  (enter searches it again)"
		}
	case askFilter:
		s.prompt.Prompt = "filter: "
		s.prompt.Placeholder = filterHelp
		s.prompt.SetValue(s.filter.String())
		s.prompt.CursorEnd()
	case askJump:
		// The prompt says UTC: the placeholder repeating it was cut at
		// 80 columns ("…RFC 3339, in U…").
		s.prompt.Prompt = "go to (UTC): "
		s.prompt.Placeholder = jumpForms
	}
	s.layout()
	return s, s.prompt.Focus()
}

func (s *Model) closePrompt() {
	s.asking = askNone
	s.prompt.Blur()
	s.layout()
}

func (s Model) onPromptKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch k.Type {
	case tea.KeyEsc:
		s.closePrompt()
		return s, nil
	case tea.KeyEnter:
		value := strings.TrimSpace(s.prompt.Value())
		switch s.asking {
		case askSearch:
			s.closePrompt()
			return s.runSearch(value)
		case askFilter:
			return s.applyFilter(value)
		case askJump:
			return s.jumpTo(value)
		}
	}
	var cmd tea.Cmd
	s.prompt, cmd = s.prompt.Update(common.ForText(k))
	return s, cmd
}

// runSearch goes to the first match from the selected row on, that row
// included (round the end of the timeline to the top when none follows),
// and marks every match on screen; enter on the empty field searches the
// last text again, from the next row.
func (s Model) runSearch(text string) (Model, tea.Cmd) {
	again := text == ""
	if again {
		text = s.query
	}
	r := s.timeline.Selected()
	if text == "" || r == nil {
		return s, nil
	}
	s.query, s.count = text, nil
	s.timeline.SetMatch(text)
	// A new search begins with the row selected: it reads from the row
	// before it (the top when it is the first). The last one searched
	// again goes on to the next match, as n does.
	run := searchRun{text: text, forward: true, selected: r.ID}
	switch i := s.timeline.cursor; {
	case again:
		run.from = r.Cursor()
	case i > 0:
		run.from = s.timeline.rows[i-1].Cursor()
	case s.timeline.atStart:
		run.from = top
	default:
		// The row before lies outside the rows held: begin after the
		// selected row, unless it matches itself.
		if s.timeline.matches(*r) {
			return s.onJump(jumpMsg{row: r})
		}
		run.from = r.Cursor()
	}
	run.start = run.from
	return s, s.reader().search(run)
}

// applyFilter reads the filter typed and shows the timeline under it,
// around the selected row; a filter it cannot read keeps the prompt open
// with the sentence saying why.
func (s Model) applyFilter(value string) (Model, tea.Cmd) {
	f, err := parseFilter(value)
	if err != nil {
		s.setStatus(err.Error(), true)
		return s, nil
	}
	s.closePrompt()
	if f.String() == s.filter.String() {
		return s, nil
	}
	s.filter, s.count = f, nil
	if f.IsZero() {
		s.setStatus("Filter cleared: every row is shown.", false)
	}
	return s, s.reload()
}

// clearFilter drops the filter, else the search's marks.
func (s Model) clearFilter() (Model, tea.Cmd) {
	if s.filter.IsZero() {
		s.query, s.count = "", nil
		s.timeline.SetMatch("")
		s.setStatus("Search cleared.", false)
		return s, nil
	}
	s.filter, s.count = viewFilter{}, nil
	s.setStatus("Filter cleared: every row is shown.", false)
	return s, s.reload()
}

// reload reads a new window under the filter, around the selected row
// (or the nearest one that passes).
func (s *Model) reload() tea.Cmd {
	s.layout()
	gen := s.timeline.NewWindow()
	if r := s.timeline.Selected(); r != nil {
		return s.reader().around(gen, r.Cursor())
	}
	return s.reader().first(gen)
}

// jumpTo opens the timeline at a time: the first row at it or after.
func (s Model) jumpTo(value string) (Model, tea.Cmd) {
	day := s.summary.OpenedAt
	if r := s.timeline.Selected(); r != nil {
		day = r.At
	}
	at, err := parseJump(value, day)
	if err != nil {
		s.setStatus(err.Error(), true)
		return s, nil
	}
	s.closePrompt()
	s.setStatus("Went to "+at.Format("2006-01-02 15:04:05")+" UTC: the first row at that time or after it.", false)
	return s, s.reader().around(s.timeline.NewWindow(), model.Cursor{At: at})
}
