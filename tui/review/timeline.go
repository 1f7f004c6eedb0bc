package review

import (
	"strconv"
	"strings"

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
	cursor  int  // selected index in rows
	top     int  // first visible index
	width   int
	height  int
	focused bool
	flags   map[string]int // review subject -> number of findings
	cache   map[string]renderedRow
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
	end := min(len(t.rows), t.top+t.height)
	if t.top >= end {
		return nil
	}
	return t.rows[t.top:end]
}

// Apply joins loaded rows to the window and reports whether the selected
// row changed.
func (t *Timeline) Apply(msg windowMsg) bool {
	before := t.Selected()
	switch msg.mode {
	case windowReplace:
		t.rows, t.atStart, t.atEnd = msg.rows, msg.atStart, msg.atEnd
		t.cursor, t.top = 0, 0
		t.cache = map[string]renderedRow{}
		switch {
		case msg.last:
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
	case windowAppend:
		t.loadingAfter = false
		t.rows = append(t.rows, msg.rows...)
		t.atEnd = msg.atEnd
		if drop := len(t.rows) - maxWindow; drop > 0 {
			t.rows = append([]model.TimelineRow(nil), t.rows[drop:]...)
			t.cursor, t.top, t.atStart = t.cursor-drop, t.top-drop, false
		}
	case windowPrepend:
		t.loadingBefore = false
		n := len(msg.rows)
		t.rows = append(append([]model.TimelineRow(nil), msg.rows...), t.rows...)
		t.atStart = msg.atStart
		t.cursor, t.top = t.cursor+n, t.top+n
		if len(t.rows) > maxWindow {
			t.rows, t.atEnd = t.rows[:maxWindow], false
		}
	}
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

func (t Timeline) First() model.Cursor { return t.rows[0].Cursor() }
func (t Timeline) Last() model.Cursor  { return t.rows[len(t.rows)-1].Cursor() }

// SetFlags records finding counts for review subjects.
func (t *Timeline) SetFlags(counts map[string]int) {
	for s, n := range counts {
		if t.flags[s] != n {
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

func (t *Timeline) invalidateSubject(s string) {
	for _, r := range t.rows {
		if r.Subject == s {
			delete(t.cache, r.ID)
		}
	}
}

// ResetFlags forgets finding counts (after a refresh).
func (t *Timeline) ResetFlags() { t.flags = map[string]int{} }

func (t *Timeline) clampTop() {
	if t.cursor < t.top {
		t.top = t.cursor
	}
	if t.cursor >= t.top+t.height {
		t.top = t.cursor - t.height + 1
	}
	t.top = max(0, min(t.top, len(t.rows)-t.height))
}

// View draws the visible rows, exactly height lines of width cells.
func (t *Timeline) View() string {
	lines := make([]string, 0, t.height)
	for i, r := range t.Visible() {
		rr, ok := t.cache[r.ID]
		if !ok {
			rr = t.render(r)
			t.cache[r.ID] = rr
		}
		if t.top+i == t.cursor {
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

// Column widths of a row: mark, time, kind, actor, then summary and the
// review marks on the right.
const (
	colMark  = 2
	colTime  = 9
	colKind  = 8
	colActor = 13
	colFlags = 14
)

// render draws one row twice: styled, and plain for the selection bar
// (whose meaning comes from the ▸ mark, not only its colour).
func (t *Timeline) render(r model.TimelineRow) renderedRow {
	actorW := colActor
	if t.width < 60 {
		actorW = 9
	}
	sumW := max(4, t.width-colMark-colTime-colKind-actorW-colFlags)
	when := safetext.Text(r.At.UTC().Format("15:04:05") + " ")
	kind := common.KindGlyph(r.Kind)
	if kind == "" {
		kind = safetext.LineWidth(string(r.Kind), colKind-1)
	}
	actor := common.Pad(safetext.LineWidth(r.Actor, actorW-1), actorW)
	summary := common.Pad(safetext.LineWidth(r.Summary, sumW-1), sumW)
	marks := common.Pad(t.marks(r), colFlags)
	kst := t.styles.Kinds[r.Kind]
	plain := "▸ " + string(when) + string(common.Pad(kind, colKind)) + string(actor) + string(summary) + string(marks)
	styled := "  " + common.Paint(t.styles.Muted, when) + common.Paint(kst, common.Pad(kind, colKind)) +
		common.Paint(t.styles.Muted, actor) + string(summary) + t.paintMarks(r, marks)
	return renderedRow{plain: common.Fit(plain, t.width), styled: common.Fit(styled, t.width)}
}

// marks is the review mark (✓ and the reviewer, or ○ when a step waits
// for a verdict) and the findings flag (⚑ and a count).
func (t *Timeline) marks(r model.TimelineRow) safetext.Text {
	if r.Subject == "" {
		return ""
	}
	var m safetext.Text
	if r.Verdict != "" {
		m = "✓ " + safetext.LineWidth(r.Reviewer, 7)
	} else {
		m = "○ todo"
	}
	if n, ok := t.flags[r.Subject]; ok && n > 0 {
		m = common.Pad(m, 10) + "⚑" + safetext.Text(strconv.Itoa(min(n, 99)))
	}
	return m
}

func (t *Timeline) paintMarks(r model.TimelineRow, m safetext.Text) string {
	if n := t.flags[r.Subject]; n > 0 {
		s := string(m)
		i := strings.Index(s, "⚑")
		if i >= 0 {
			return common.Paint(t.styles.Verdict, safetext.Text(s[:i])) + common.Paint(t.styles.Flag, safetext.Text(s[i:]))
		}
	}
	if r.Verdict != "" {
		return common.Paint(t.styles.Verdict, m)
	}
	return common.Paint(t.styles.Muted, m)
}
