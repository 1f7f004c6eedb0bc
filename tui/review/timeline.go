package review

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Timeline is a window of timeline rows paged from the store by keyset
// queries. It holds at most maxWindow rows and renders only the visible
// ones, caching each rendered row, so its cost follows the screen height
// and not the size of the incident.
type Timeline struct {
	styles  *common.Styles
	rows    []model.TimelineRow
	atStart bool // the window begins at the first row of the timeline
	atEnd   bool // the window ends at the last row
	// first and last are where the pages before and after the window
	// start: its outer rows, or rows read past them that the findings
	// filter dropped.
	first, last model.Cursor
	// gen numbers the window; every new one (open, g, G, a jump, a
	// filter) takes the next, and pages asked for another are dropped.
	gen     int
	cursor  int // selected index in rows
	top     int // first visible index
	width   int
	height  int
	focused bool
	flags   map[string]int // review subject -> number of findings
	cache   map[string]renderedRow
	// days says the incident spans more than one day, so rows of a new
	// day get a date line above them; so do the rows of a window that
	// holds more than one day.
	days, windowDays bool
	// match is the search text whose matches are marked.
	match string
	// loading is set while a page is on its way, so a held key does not
	// ask for the same page twice.
	loadingAfter, loadingBefore bool
}

type renderedRow struct{ plain, styled string }

func NewTimeline(st *common.Styles) Timeline {
	return Timeline{styles: st, flags: map[string]int{}, cache: map[string]renderedRow{}, focused: true}
}

func (t *Timeline) SetSize(w, h int) {
	if w != t.width {
		t.cache = map[string]renderedRow{}
	}
	t.width, t.height = w, max(1, h)
	t.clampTop()
}

func (t *Timeline) Focus()        { t.focused = true }
func (t *Timeline) Blur()         { t.focused = false }
func (t Timeline) Focused() bool  { return t.focused }
func (t Timeline) Empty() bool    { return len(t.rows) == 0 }
func (t Timeline) AtTop() bool    { return t.atStart && t.cursor == 0 }
func (t Timeline) AtBottom() bool { return t.atEnd && t.cursor >= len(t.rows)-1 }

// NewWindow starts the next window: pages of the one on show that are
// still on their way will be dropped. It returns the new window's number.
func (t *Timeline) NewWindow() int {
	t.gen++
	t.loadingAfter, t.loadingBefore = false, false
	return t.gen
}

// SetMatch marks the rows that contain text (a search), "" for none.
func (t *Timeline) SetMatch(text string) {
	if text != t.match {
		t.match = text
		t.cache = map[string]renderedRow{}
	}
}

// SetDays says whether the incident spans more than one day.
func (t *Timeline) SetDays(days bool) { t.days = days }

// Selected returns the selected row, or nil when the window is empty.
func (t Timeline) Selected() *model.TimelineRow {
	if len(t.rows) == 0 {
		return nil
	}
	r := t.rows[t.cursor]
	return &r
}

// Visible returns the rows on screen.
func (t Timeline) Visible() []model.TimelineRow {
	end := t.fit(t.top)
	if t.top >= end {
		return nil
	}
	return t.rows[t.top:end]
}

// dayOf is the calendar day of a row, in UTC.
func dayOf(r model.TimelineRow) string { return r.At.UTC().Format("2006-01-02") }

// dateLine says whether a date line goes above row i when it is the first
// on screen at top: above the top row, and above the first of each day.
func (t Timeline) dateLine(i, top int) bool {
	return (t.days || t.windowDays) && (i == top || dayOf(t.rows[i]) != dayOf(t.rows[i-1]))
}

// fit returns the end of the rows that fit on screen from top, date lines
// included.
func (t Timeline) fit(top int) int {
	used, i := 0, top
	for ; i < len(t.rows); i++ {
		need := 1
		if t.dateLine(i, top) {
			need++
		}
		if used+need > t.height {
			break
		}
		used += need
	}
	return i
}

// Apply joins loaded rows to the window and reports whether the selected
// row changed. Rows of another window than the one on show are dropped.
func (t *Timeline) Apply(msg windowMsg) bool {
	if msg.gen != t.gen {
		return false
	}
	before := t.Selected()
	switch msg.mode {
	case windowReplace:
		t.rows, t.atStart, t.atEnd = msg.rows, msg.atStart, msg.atEnd
		t.loadingAfter, t.loadingBefore = false, false
		t.cursor, t.top = 0, 0
		t.cache = map[string]renderedRow{}
		switch {
		case msg.selectLast:
			t.cursor = max(0, len(t.rows)-1)
		case msg.selectID != "":
			for i, r := range t.rows {
				if r.ID == msg.selectID {
					t.cursor = i
					break
				}
			}
		}
		t.top = t.cursor - t.height/2
		t.first, t.last = model.Cursor{}, model.Cursor{}
		if len(t.rows) > 0 {
			t.first, t.last = t.rows[0].Cursor(), t.rows[len(t.rows)-1].Cursor()
		}
		if msg.edgeFirst != nil {
			t.first = *msg.edgeFirst
		}
		if msg.edgeLast != nil {
			t.last = *msg.edgeLast
		}
	case windowAppend:
		t.loadingAfter = false
		t.rows = append(t.rows, msg.rows...)
		t.atEnd = msg.atEnd
		if msg.edgeLast != nil {
			t.last = *msg.edgeLast
		}
		if drop := len(t.rows) - maxWindow; drop > 0 {
			t.rows = append([]model.TimelineRow(nil), t.rows[drop:]...)
			t.cursor, t.top, t.atStart = t.cursor-drop, t.top-drop, false
			t.first = t.rows[0].Cursor()
		}
	case windowPrepend:
		t.loadingBefore = false
		n := len(msg.rows)
		t.rows = append(append([]model.TimelineRow(nil), msg.rows...), t.rows...)
		t.atStart = msg.atStart
		if msg.edgeFirst != nil {
			t.first = *msg.edgeFirst
		}
		t.cursor, t.top = t.cursor+n, t.top+n
		if len(t.rows) > maxWindow {
			t.rows, t.atEnd = t.rows[:maxWindow], false
			t.last = t.rows[len(t.rows)-1].Cursor()
		}
	}
	t.SetFlags(msg.flags)
	t.windowDays = len(t.rows) > 0 && dayOf(t.rows[0]) != dayOf(t.rows[len(t.rows)-1])
	t.cursor = max(0, min(t.cursor, len(t.rows)-1))
	t.clampTop()
	if len(t.cache) > 2*maxWindow {
		t.cache = map[string]renderedRow{}
	}
	after := t.Selected()
	return before == nil || after == nil || before.ID != after.ID
}

// Move moves the selection by delta rows within the window.
func (t *Timeline) Move(delta int) {
	t.cursor = max(0, min(t.cursor+delta, len(t.rows)-1))
	t.clampTop()
}

// NeedAfter and NeedBefore report whether the selection is close enough
// to an edge of the window that the next page should be fetched now.
func (t Timeline) NeedAfter() bool {
	return !t.atEnd && !t.loadingAfter && len(t.rows)-t.cursor <= max(chunk/2, 2*t.height)
}

func (t Timeline) NeedBefore() bool {
	return !t.atStart && !t.loadingBefore && t.cursor <= max(chunk/2, 2*t.height)
}

// First and Last are where the pages before and after the window start.
func (t Timeline) First() model.Cursor { return t.first }
func (t Timeline) Last() model.Cursor  { return t.last }

// SetFlags records finding counts for review subjects.
func (t *Timeline) SetFlags(counts map[string]int) {
	for s, n := range counts {
		if old, ok := t.flags[s]; !ok || old != n {
			t.flags[s] = n
			t.invalidateSubject(s)
		}
	}
}

// Flagged reports whether findings are known for subject.
func (t Timeline) Flagged(subject string) (int, bool) {
	n, ok := t.flags[subject]
	return n, ok
}

// Flags is a copy of the finding counts known, for a command to read.
func (t Timeline) Flags() map[string]int {
	out := make(map[string]int, len(t.flags))
	for s, n := range t.flags {
		out[s] = n
	}
	return out
}

func (t *Timeline) invalidateSubject(s string) {
	for _, r := range t.rows {
		if r.Subject == s {
			delete(t.cache, r.ID)
		}
	}
}

// ResetFlags forgets finding counts (after a refresh).
func (t *Timeline) ResetFlags() { t.flags = map[string]int{} }

// clampTop keeps the selected row on screen, date lines counted.
func (t *Timeline) clampTop() {
	t.top = max(0, min(t.top, len(t.rows)-1))
	if len(t.rows) == 0 {
		return
	}
	if t.cursor < t.top {
		t.top = t.cursor
	}
	for t.top < t.cursor && t.fit(t.top) <= t.cursor {
		t.top++
	}
	// Fill the screen when the window's end is on it.
	for t.top > 0 && t.fit(t.top-1) == len(t.rows) && t.fit(t.top-1) > t.cursor {
		t.top--
	}
	t.top = max(0, min(t.top, len(t.rows)-1))
}

// View draws the visible rows, exactly height lines of width cells.
func (t *Timeline) View() string {
	lines := make([]string, 0, t.height)
	end := t.fit(t.top)
	for i := t.top; i < end; i++ {
		r := t.rows[i]
		if t.dateLine(i, t.top) {
			lines = append(lines, t.dateRow(r))
		}
		rr, ok := t.cache[r.ID]
		if !ok {
			rr = t.render(r)
			t.cache[r.ID] = rr
		}
		if i == t.cursor {
			lines = append(lines, t.styles.RowSelected.Render(rr.plain))
		} else {
			lines = append(lines, rr.styled)
		}
	}
	for len(lines) < t.height {
		lines = append(lines, strings.Repeat(" ", t.width))
	}
	return strings.Join(lines, "\n")
}

// dateRow is the line above the first row of a day: "── Tue 10 Mar 2026 ──".
func (t *Timeline) dateRow(r model.TimelineRow) string {
	day := "── " + r.At.UTC().Format("Mon 2 Jan 2006") + " (UTC) "
	rest := max(0, t.width-ansi.StringWidth(day))
	return common.Paint(t.styles.PaneTitle, common.Pad(safetext.Text(day+strings.Repeat("─", rest)), t.width))
}
