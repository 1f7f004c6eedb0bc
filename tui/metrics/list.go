package metrics

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// list is the suggestions behind one row, loaded a page at a time as the
// reader scrolls; only the visible window is drawn.
type list struct {
	filter  model.MetricsFilter
	title   string
	total   int
	rows    []model.SuggestionFact
	cursor  int
	offset  int
	done    bool // the store has no more
	loading bool
}

func newList(f model.MetricsFilter, title string, total int) *list {
	return &list{filter: f, title: title, total: total, loading: true}
}

func (l *list) add(rows []model.SuggestionFact) {
	l.rows = append(l.rows, rows...)
	l.loading = false
	l.done = len(rows) < pageSize
}

// move moves the cursor and scrolls the window of visible rows with it.
func (l *list) move(d, visible int) {
	l.cursor = max(0, min(l.cursor+d, len(l.rows)-1))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+visible {
		l.offset = l.cursor - visible + 1
	}
}

func (l *list) current() (model.SuggestionFact, bool) {
	if l.cursor < len(l.rows) {
		return l.rows[l.cursor], true
	}
	return model.SuggestionFact{}, false
}

// wantsMore is true when the cursor nears the end of what is loaded.
func (l *list) wantsMore(visible int) bool {
	return !l.done && !l.loading && len(l.rows) > 0 && l.cursor >= len(l.rows)-visible
}

// listRows is how many suggestions fit under the list's two header lines
// and above the footer.
func (m Model) listRows() int { return max(1, m.Height-3-m.footerHeight()) }

func (m Model) viewList() string {
	l := m.list
	s := m.Styles
	visible := m.listRows()
	offset := max(0, min(l.offset, l.cursor), l.cursor-visible+1) // after a resize
	var b strings.Builder
	title := fmt.Sprintf("SUGGESTIONS BEHIND %s · %d", safetext.Line(l.title), l.total)
	b.WriteString(s.Header.Render(string(safetext.Truncate(safetext.Text(title), m.Width))) + "\n")
	w := listWidths(m.Width)
	b.WriteString(s.PaneTitle.Render("  "+fitCols(w, "SUGGESTION", "WHEN (UTC)", "ACTION → TARGET", "CONF", "COUNTED", "RIGHT?")) + "\n")
	for i := offset; i < min(len(l.rows), offset+visible); i++ {
		line := "  " + listLine(l.rows[i], w)
		if i == l.cursor {
			line = s.RowSelected.Render(padTo("▸ "+listLine(l.rows[i], w), m.Width))
		}
		b.WriteString(line + "\n")
	}
	switch {
	case len(l.rows) == 0 && l.loading:
		b.WriteString(s.Muted.Render("loading…") + "\n")
	case len(l.rows) == 0:
		b.WriteString(s.Muted.Render("no suggestions") + "\n")
	}
	return b.String()
}

// listWidths shares the width between the columns: the action gets what
// the fixed columns leave.
func listWidths(width int) []int {
	fixed := []int{16, 16, 0, 4, 10, 7}
	width -= 2 // the cursor mark
	used := len(fixed) - 1
	for _, w := range fixed {
		used += w
	}
	fixed[2] = max(8, width-used)
	return fixed
}

// listLine is one suggestion: where it is, when, what, how sure the AI
// was, the verdict counted (* when a reviewer recorded it, else proposed
// or the state) and the hindsight judgement.
func listLine(f model.SuggestionFact, w []int) string {
	conf := "—"
	if f.Confidence != nil {
		conf = strconv.FormatFloat(*f.Confidence, 'f', 2, 64)
	}
	counted := string(f.Counted())
	switch {
	case f.Reviewed != "":
		counted += "*"
	case counted == "":
		counted = "(" + strings.ReplaceAll(string(f.State), "_", "-") + ")"
	}
	right := string(f.AICorrect)
	if right == "" {
		right = review.Dash
	}
	action := f.Action
	if f.Target != "" {
		action += " → " + f.Target
	}
	return fitCols(w, f.Incident+"/"+f.Suggestion, f.At.UTC().Format("2006-01-02 15:04"), action, conf, counted, right)
}

// fitCols sanitises each value, cuts it to its column and pads it.
func fitCols(widths []int, vals ...string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = padTo(string(safetext.LineWidth(v, widths[i])), widths[i])
	}
	return strings.Join(parts, " ")
}

func padTo(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}
