package review

import (
	"context"
	"fmt"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
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
	windowReplace windowMode = iota // a new window (open, g, G, jump, refresh, filter)
	windowAppend                    // rows after the window's last row
	windowPrepend                   // rows before the window's first row
)

type windowMsg struct {
	mode windowMode
	// gen is the window the rows belong to: each new window has the next
	// number, and a page asked for an older one is dropped, so it can
	// never be spliced into the window that replaced it.
	gen     int
	rows    []model.TimelineRow
	atStart bool
	atEnd   bool
	// edgeFirst and edgeLast are where the next pages start: the outermost
	// rows read, which under the findings filter may be rows not kept. Nil
	// leaves the window's own.
	edgeFirst, edgeLast *model.Cursor
	flags               map[string]int // findings counts learnt while reading
	selectID            string         // row to select after a replace; "" keeps the index
	selectLast          bool           // select the last row (G)
	refresh             bool           // reload the selected row's detail even if unchanged
	note                string         // a sentence for the footer
	err                 error
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
	// stopped is set when a search read its bound without a match: where
	// the next n (or N) goes on from.
	stopped *searchStop
}

// searchStop is where a bounded search stopped: the run, asked from the
// row selected then (run.selected), read up to reached.
type searchStop struct {
	run     searchRun
	reached model.Cursor
}

// countMsg says where the selected match stands among a search's matches.
type countMsg struct {
	query  string
	row    string // the match counted from
	before int    // matches before it
	total  int    // all matches, up to countCap
	err    error
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
	// scanBudget bounds the rows one page reads under the findings filter,
	// which the store cannot apply: a page that finds too few says where it
	// stopped, and the next one goes on from there.
	scanBudget = 4 * chunk
	// countCap bounds a search's count: past it the footer says "1000+".
	countCap = 1000
)

// searchWithin bounds the rows one search step reads when the index
// cannot narrow it (text under three characters): about a tenth of a
// second at a million events, after which the footer offers n to go on,
// so a search that matches nothing never holds the screen. (A variable so
// tests can reach the bound on a small incident.)
var searchWithin = 50_000

// storeCmds builds the commands that talk to the store.
type storeCmds struct {
	ctx    context.Context
	store  model.ReviewStore
	policy *rules.Policy
	sign   func(string) (model.Signature, error) // nil: verdicts go unsigned
	clock  func() time.Time
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

// reader reads pages of one incident's timeline under one filter.
type reader struct {
	storeCmds
	inc    string
	filter viewFilter
	roster model.Roster
	known  map[string]int // findings counts the screen knows (a copy)
}

func (c storeCmds) reader(inc string, f viewFilter, roster model.Roster, known map[string]int) reader {
	return reader{storeCmds: c, inc: inc, filter: f, roster: roster, known: known}
}

// pageRead is one page read under the filter.
type pageRead struct {
	rows  []model.TimelineRow
	edge  *model.Cursor // the outermost row read, kept or not
	end   bool          // nothing lies beyond
	flags map[string]int
	err   error
}

// read reads up to limit rows after (forward) or before from.
func (r reader) read(from *model.Cursor, forward bool, limit int) ([]model.TimelineRow, error) {
	f := r.filter.TimelineFilter
	switch {
	case !f.IsZero():
		return r.store.FilteredTimeline(r.ctx, r.inc, f, from, forward, limit)
	case forward:
		return r.store.TimelineAfter(r.ctx, r.inc, from, limit)
	}
	return r.store.TimelineBefore(r.ctx, r.inc, from, limit)
}

// page reads the next limit rows that pass the filter. The findings filter
// is applied here, step by step, reading at most scanBudget rows.
func (r reader) page(from *model.Cursor, forward bool, limit int) pageRead {
	if !r.filter.Findings {
		rows, err := r.read(from, forward, limit)
		p := pageRead{rows: rows, end: len(rows) < limit, err: err}
		if len(rows) > 0 {
			p.edge = outermost(rows, forward)
		}
		return p
	}
	p := pageRead{flags: map[string]int{}}
	for scanned := 0; scanned < scanBudget && len(p.rows) < limit; {
		rows, err := r.read(from, forward, chunk)
		if err != nil {
			p.err = err
			return p
		}
		for i := range rows {
			row := rows[i]
			if !forward {
				row = rows[len(rows)-1-i]
			}
			scanned++
			c := row.Cursor()
			p.edge, from = &c, &c
			n, err := r.findings(row.Subject, p.flags)
			if err != nil {
				p.err = err
				return p
			}
			if n > 0 {
				p.rows = append(p.rows, row)
				if len(p.rows) == limit {
					break
				}
			}
		}
		if len(rows) < chunk && len(p.rows) < limit {
			p.end = true
			break
		}
	}
	if !forward {
		for i, j := 0, len(p.rows)-1; i < j; i, j = i+1, j-1 {
			p.rows[i], p.rows[j] = p.rows[j], p.rows[i]
		}
	}
	return p
}

// findings counts the findings of a review subject, once each.
func (r reader) findings(subject string, learnt map[string]int) (int, error) {
	if subject == "" {
		return 0, nil
	}
	if n, ok := r.known[subject]; ok {
		return n, nil
	}
	if n, ok := learnt[subject]; ok {
		return n, nil
	}
	st, err := r.store.Step(r.ctx, r.inc, subject)
	if err != nil {
		return 0, err
	}
	n := len(rules.StepFindings(st, r.roster, r.policy))
	learnt[subject] = n
	return n, nil
}

func outermost(rows []model.TimelineRow, forward bool) *model.Cursor {
	c := rows[0].Cursor()
	if forward {
		c = rows[len(rows)-1].Cursor()
	}
	return &c
}

func (r reader) first(gen int) tea.Cmd {
	return func() tea.Msg {
		p := r.page(nil, true, chunk)
		return windowMsg{mode: windowReplace, gen: gen, rows: p.rows, atStart: true, atEnd: p.end, edgeLast: p.edge, flags: p.flags, err: p.err}
	}
}

func (r reader) last(gen int) tea.Cmd {
	return func() tea.Msg {
		p := r.page(nil, false, chunk)
		return windowMsg{mode: windowReplace, gen: gen, rows: p.rows, atStart: p.end, atEnd: true, edgeFirst: p.edge, selectLast: true, flags: p.flags, err: p.err}
	}
}

func (r reader) after(gen int, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		p := r.page(&from, true, chunk)
		return windowMsg{mode: windowAppend, gen: gen, rows: p.rows, atEnd: p.end, edgeLast: p.edge, flags: p.flags, err: p.err}
	}
}

func (r reader) before(gen int, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		p := r.page(&from, false, chunk)
		return windowMsg{mode: windowPrepend, gen: gen, rows: p.rows, atStart: p.end, edgeFirst: p.edge, flags: p.flags, err: p.err}
	}
}

// around loads a window centred on a position: the rows before it, then
// the rows from it on. It selects the row at the position, or the first
// after it when that one does not pass the filter (or the position is a
// bare time).
func (r reader) around(gen int, at model.Cursor) tea.Cmd {
	return func() tea.Msg { return r.aroundMsg(gen, at) }
}

func (r reader) aroundMsg(gen int, at model.Cursor) windowMsg {
	half := chunk / 2
	before := r.page(&at, false, half)
	if before.err != nil {
		return windowMsg{gen: gen, err: before.err}
	}
	// Every row at the position's instant or later; those of the same
	// instant that sort before it are the previous page's.
	from := model.Cursor{At: at.At.Add(-time.Nanosecond), ID: "\U0010FFFF"}
	rest := r.page(&from, true, chunk)
	if rest.err != nil {
		return windowMsg{gen: gen, err: rest.err}
	}
	kept := rest.rows[:0:0]
	for _, row := range rest.rows {
		if !row.At.Equal(at.At) || row.ID >= at.ID {
			kept = append(kept, row)
		}
	}
	msg := windowMsg{mode: windowReplace, gen: gen, rows: append(before.rows, kept...),
		atStart: before.end, atEnd: rest.end, edgeFirst: before.edge, edgeLast: rest.edge, refresh: true, flags: before.flags}
	for s, n := range rest.flags {
		if msg.flags == nil {
			msg.flags = map[string]int{}
		}
		msg.flags[s] = n
	}
	switch {
	case len(kept) > 0:
		msg.selectID = kept[0].ID
	case len(before.rows) > 0:
		msg.selectID = before.rows[len(before.rows)-1].ID
	}
	return msg
}

// advance moves on after a saved verdict: a fresh window around the next
// step still waiting for one (or around from when none is left), so the
// saved verdict shows.
func (r reader) advance(gen int, from model.Cursor) tea.Cmd {
	return func() tea.Msg {
		row, err := r.next(from, true, model.TimelineFilter{Unreviewed: true})
		if err != nil {
			return windowMsg{gen: gen, err: err}
		}
		at, note := from, ""
		if row != nil {
			at = row.Cursor()
		} else {
			note = " No step after this one is waiting for a verdict."
		}
		msg := r.aroundMsg(gen, at)
		msg.note = note
		return msg
	}
}

// next finds the row after (or before) from that starts an unreviewed
// step (under a filter, its first row shown) or matches search text,
// within the screen's filter of kinds, actor, asset and unreviewed steps.
func (r reader) next(from model.Cursor, forward bool, extra model.TimelineFilter) (*model.TimelineRow, error) {
	f := r.filter.TimelineFilter
	f.Text = extra.Text
	if f.IsZero() && extra.Unreviewed {
		return r.store.NextUnreviewed(r.ctx, r.inc, from, forward)
	}
	if extra.Unreviewed {
		f.Unreviewed = true
		return r.stepRow(from, f, forward)
	}
	rows, err := r.store.FilteredTimeline(r.ctx, r.inc, f, &from, forward, 1)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return &rows[0], nil
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

func (r reader) nextUnreviewed(from model.Cursor, forward bool) tea.Cmd {
	return func() tea.Msg {
		row, err := r.next(from, forward, model.TimelineFilter{Unreviewed: true})
		if row == nil && err == nil {
			dir := "after"
			if !forward {
				dir = "before"
			}
			return jumpMsg{none: "No step " + dir + " this one is waiting for a verdict" + r.filter.within() + "."}
		}
		return jumpMsg{row: row, err: err}
	}
}

// searchRun is one search step: from the cursor after (or before) which
// it reads, in which direction, for the row selected when it was asked.
// start is where the search began (the row it began on excluded: a
// search from the top or bottom excludes nothing): once a step has
// wrapped round the end of the timeline and read past start, the whole
// timeline was read.
type searchRun struct {
	text     string
	from     model.Cursor
	forward  bool
	selected string
	start    model.Cursor
	wrapped  bool
}

// top and bottom are cursors before the first row and after the last.
var (
	top    = model.Cursor{}
	bottom = model.Cursor{At: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}
)

// search finds the next match of a search run, reading at most
// searchWithin rows at a time. Past the end of the timeline (its start,
// searching backwards) it wraps round to the other end, once, and says
// so; a step that reads its bound without a match says where it stopped,
// and n (N) goes on from there.
func (r reader) search(run searchRun) tea.Cmd {
	return func() tea.Msg {
		f := r.filter.TimelineFilter
		f.Text = run.text
		for {
			step, err := r.store.SearchWithin(r.ctx, r.inc, f, run.from, run.forward, searchWithin)
			switch {
			case err != nil:
				return jumpMsg{err: err}
			case step.Row != nil:
				return jumpMsg{row: step.Row, none: run.wrappedWords(*step.Row)}
			case !step.End && run.wrapped && !run.before(step.Reached):
				// Round the end and back past where the search began.
				return jumpMsg{none: nothingMatches(run.text, r.filter)}
			case !step.End:
				return stoppedMsg(run, step.Reached)
			case run.wrapped:
				return jumpMsg{none: nothingMatches(run.text, r.filter)}
			}
			run.wrapped, run.from = true, top
			if !run.forward {
				run.from = bottom
			}
		}
	}
}

// before reports whether c lies before the place the search began, in
// the search's direction: the part of the timeline not yet read.
func (run searchRun) before(c model.Cursor) bool {
	if run.forward {
		return cursorLess(c, run.start)
	}
	return cursorLess(run.start, c)
}

func cursorLess(a, b model.Cursor) bool {
	if !a.At.Equal(b.At) {
		return a.At.Before(b.At)
	}
	return a.ID < b.ID
}

// wrappedWords is the footer's sentence for a match found round the end
// of the timeline, "" for one found before it.
func (run searchRun) wrappedWords(row model.TimelineRow) string {
	if !run.wrapped {
		return ""
	}
	end := "top"
	if !run.forward {
		end = "bottom"
	}
	if row.ID == run.selected {
		return "Search wrapped to the " + end + ": " + row.ID + " is the only match of \"" + run.text + "\"."
	}
	return "Search wrapped to the " + end + "."
}

func nothingMatches(text string, f viewFilter) string {
	return "Nothing in this timeline matches \"" + text + "\"" + f.within() + "."
}

// stoppedMsg says a search read its bound without a match, and where.
func stoppedMsg(run searchRun, reached model.Cursor) jumpMsg {
	key, dir := "n", "next"
	if !run.forward {
		key, dir = "N", "previous"
	}
	where := ""
	if run.wrapped {
		where = ", wrapped round the " + map[bool]string{true: "top", false: "bottom"}[run.forward]
	}
	return jumpMsg{none: fmt.Sprintf("No match for \"%s\" in the %s %s events%s: read to %s %s; keep searching with %s.",
		run.text, dir, humanCount(searchWithin), where, reached.At.UTC().Format("2006-01-02 15:04:05"), reached.ID, key),
		stopped: &searchStop{run: run, reached: reached}}
}

// humanCount writes n with thousands separated: 50,000.
func humanCount(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// count says where the match on row stands among all the search's
// matches within the filter.
func (r reader) count(text string, row model.TimelineRow) tea.Cmd {
	return func() tea.Msg {
		f := r.filter.TimelineFilter
		f.Text = text
		total, err := r.store.CountTimeline(r.ctx, r.inc, f, nil, countCap)
		if err != nil {
			return countMsg{err: err}
		}
		at := row.Cursor()
		before, err := r.store.CountTimeline(r.ctx, r.inc, f, &at, countCap)
		return countMsg{query: text, row: row.ID, before: before, total: total, err: err}
	}
}

func (c storeCmds) save(inc string, r model.Review) tea.Cmd {
	return func() tea.Msg {
		if c.sign != nil {
			// The statement names the verdict it follows, as the store
			// has it now; the store refuses it if another comes first.
			step, err := c.store.Step(c.ctx, inc, r.Subject)
			if err != nil {
				return savedMsg{r, err}
			}
			r.After = model.VerdictRef(r.Subject, len(step.Reviews))
			sig, err := c.sign(signing.VerdictOf(inc, &r, r.After).Text())
			if err != nil {
				return savedMsg{r, model.Errorf(model.EINVALID, "your key could not sign the verdict, so nothing was recorded: %v", err)}
			}
			r.Signature = &sig
			if err := c.policy.CheckSigner("the verdict on "+r.Subject+" of "+inc, r.Reviewer, r.Signature, c.clock()); err != nil {
				return savedMsg{r, err}
			}
		}
		saved, err := c.store.RecordReview(c.ctx, inc, r)
		return savedMsg{saved, err}
	}
}
