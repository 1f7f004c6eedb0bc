package review

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
)

// Messages of the review screen. Every store call runs in a tea.Cmd and
// comes back as one of these; commands never touch the model.

// openedMsg carries the incident's roster, which also says whether the
// incident exists.
type openedMsg struct {
	roster model.Roster
	err    error
}

type summaryMsg struct {
	summary model.IncidentSummary
	err     error
}

// windowMode says how loaded rows join the timeline window.
type windowMode int

const (
	windowReplace windowMode = iota // a new window (open, g, G, jump, refresh)
	windowAppend                    // rows after the window's last row
	windowPrepend                   // rows before the window's first row
)

type windowMsg struct {
	mode     windowMode
	rows     []model.TimelineRow
	atStart  bool
	atEnd    bool
	selectID string // row to select after a replace; "" keeps the index
	last     bool   // select the last row (G)
	refresh  bool   // reload the selected row's detail even if unchanged
	note     string // a sentence for the footer
	err      error
}

// detailMsg carries what the step pane shows for a row: a step, or the
// plain event or evidence record when the row is outside any step.
type detailMsg struct {
	rowID    string
	step     *model.Step
	event    *model.Event
	evidence *model.Evidence
	findings []rules.Finding
	err      error
}

// flagsMsg carries the number of findings for the steps on screen.
type flagsMsg struct {
	counts map[string]int
	err    error
}

// jumpMsg is the answer to ], [, n, N and a search: the row to go to, or
// nil with a sentence saying why not.
type jumpMsg struct {
	row  *model.TimelineRow
	none string
	err  error
}

type savedMsg struct {
	review model.Review
	err    error
}

// chunk is how many rows one keyset query fetches; maxWindow bounds the
// rows held, so memory does not grow with the incident.
const (
	chunk     = 256
	maxWindow = 4 * chunk
)

// storeCmds builds the commands that talk to the store.
type storeCmds struct {
	ctx    context.Context
	store  model.ReviewStore
	policy *rules.Policy
}

// open loads what the review screen needs before its first rows: the
// roster. The header's counts follow in a summaryMsg, since counting grows
// with the incident.
func (c storeCmds) open(id string) tea.Cmd {
	return func() tea.Msg {
		ros, err := c.store.Roster(c.ctx, id)
		return openedMsg{roster: ros, err: err}
	}
}

func (c storeCmds) summary(id string) tea.Cmd {
	return func() tea.Msg {
		sum, err := c.store.IncidentSummary(c.ctx, id)
		return summaryMsg{sum, err}
	}
}

func (c storeCmds) first(inc string) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.store.TimelineAfter(c.ctx, inc, nil, chunk)
		return windowMsg{mode: windowReplace, rows: rows, atStart: true, atEnd: len(rows) < chunk, err: err}
	}
}

func (c storeCmds) last(inc string) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.store.TimelineBefore(c.ctx, inc, nil, chunk)
		return windowMsg{mode: windowReplace, rows: rows, atStart: len(rows) < chunk, atEnd: true, last: true, err: err}
	}
}

func (c storeCmds) after(inc string, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.store.TimelineAfter(c.ctx, inc, &from, chunk)
		return windowMsg{mode: windowAppend, rows: rows, atEnd: len(rows) < chunk, err: err}
	}
}

func (c storeCmds) before(inc string, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.store.TimelineBefore(c.ctx, inc, &from, chunk)
		return windowMsg{mode: windowPrepend, rows: rows, atStart: len(rows) < chunk, err: err}
	}
}

// around loads a window centred on a row: the rows before it, then the row
// itself and those after it.
func (c storeCmds) around(inc string, at model.Cursor) tea.Cmd {
	return func() tea.Msg {
		half := chunk / 2
		before, err := c.store.TimelineBefore(c.ctx, inc, &at, half)
		if err != nil {
			return windowMsg{err: err}
		}
		var from *model.Cursor
		if len(before) > 0 {
			cur := before[len(before)-1].Cursor()
			from = &cur
		}
		rest, err := c.store.TimelineAfter(c.ctx, inc, from, chunk)
		if err != nil {
			return windowMsg{err: err}
		}
		return windowMsg{mode: windowReplace, rows: append(before, rest...),
			atStart: len(before) < half, atEnd: len(rest) < chunk, selectID: at.ID, refresh: true}
	}
}

// advance moves on after a saved verdict: a fresh window around the next
// step still waiting for one (or around from when none is left), so the
// saved verdict shows.
func (c storeCmds) advance(inc string, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		row, err := c.store.NextUnreviewed(c.ctx, inc, from, true)
		if err != nil {
			return windowMsg{err: err}
		}
		at, note := from, ""
		if row != nil {
			at = row.Cursor()
		} else {
			note = " No step after this one is waiting for a verdict."
		}
		msg := c.around(inc, at)().(windowMsg)
		msg.note = note
		return msg
	}
}

// detail loads what the step pane shows for a row.
func (c storeCmds) detail(inc string, row model.TimelineRow, roster model.Roster) tea.Cmd {
	return func() tea.Msg {
		msg := detailMsg{rowID: row.ID}
		switch {
		case row.Kind == model.KindEvidence:
			ev, err := c.store.Evidence(c.ctx, inc, row.ID)
			msg.evidence, msg.err = &ev, err
		case row.Subject != "":
			st, err := c.store.Step(c.ctx, inc, row.ID)
			if err == nil {
				msg.step = &st
				msg.findings = rules.StepFindings(st, roster, c.policy)
			}
			msg.err = err
		default:
			ev, err := c.store.Event(c.ctx, inc, row.ID)
			msg.event, msg.err = &ev, err
		}
		return msg
	}
}

// flags counts findings for the review subjects of the rows on screen, so
// the cost follows the screen, not the incident.
func (c storeCmds) flags(inc string, subjects []string, roster model.Roster) tea.Cmd {
	return func() tea.Msg {
		counts := make(map[string]int, len(subjects))
		for _, s := range subjects {
			st, err := c.store.Step(c.ctx, inc, s)
			if err != nil {
				return flagsMsg{err: err}
			}
			counts[s] = len(rules.StepFindings(st, roster, c.policy))
		}
		return flagsMsg{counts: counts}
	}
}

func (c storeCmds) nextUnreviewed(inc string, from model.Cursor, forward bool) tea.Cmd {
	return func() tea.Msg {
		row, err := c.store.NextUnreviewed(c.ctx, inc, from, forward)
		if row == nil && err == nil {
			dir := "after"
			if !forward {
				dir = "before"
			}
			return jumpMsg{none: "No step " + dir + " this one is waiting for a verdict."}
		}
		return jumpMsg{row: row, err: err}
	}
}

func (c storeCmds) search(inc, text string, from model.Cursor, forward bool) tea.Cmd {
	return func() tea.Msg {
		row, err := c.store.SearchTimeline(c.ctx, inc, text, from, forward)
		if row == nil && err == nil {
			return jumpMsg{none: "No more rows match the search."}
		}
		return jumpMsg{row: row, err: err}
	}
}

func (c storeCmds) save(inc string, r model.Review) tea.Cmd {
	return func() tea.Msg {
		saved, err := c.store.RecordReview(c.ctx, inc, r)
		return savedMsg{saved, err}
	}
}

// searchWrap finds the first match after from, else the first from the
// start of the timeline.
func (c storeCmds) searchWrap(inc, text string, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		row, err := c.store.SearchTimeline(c.ctx, inc, text, from, true)
		if row == nil && err == nil {
			row, err = c.store.SearchTimeline(c.ctx, inc, text, model.Cursor{}, true)
		}
		if row == nil && err == nil {
			return jumpMsg{none: "Nothing in this timeline matches the search."}
		}
		return jumpMsg{row: row, err: err}
	}
}
