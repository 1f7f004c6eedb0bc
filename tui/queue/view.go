package queue

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

func (m Model) View() string {
	if m.Width == 0 {
		return ""
	}
	footer := m.footer()
	bodyH := max(1, m.Height-1-lipgloss.Height(footer))
	var body string
	if m.Width >= common.Wide {
		list := m.listView(m.listWidth(), bodyH)
		sep := strings.TrimSuffix(strings.Repeat(common.Paint(m.Styles.Muted, "│")+"\n", bodyH), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, list, sep, m.detailView(m.detailWidth(), bodyH))
	} else {
		lh := m.listHeight()
		rule := common.Paint(m.Styles.Muted, safetext.Text(strings.Repeat("─", m.Width)))
		body = m.listView(m.Width, lh) + "\n" + rule + "\n" + m.detailView(m.Width, m.detailHeight())
	}
	return m.header() + "\n" + body + "\n" + footer
}

// detailHeight is how many lines the detail pane has.
func (m Model) detailHeight() int {
	bodyH := max(1, m.Height-1-lipgloss.Height(m.footer()))
	if m.Width >= common.Wide {
		return bodyH
	}
	return max(1, bodyH-m.listHeight()-1)
}

// listWidth and detailWidth split a wide screen; a narrow one stacks.
func (m Model) listWidth() int {
	if m.Width >= common.Wide {
		return min(96, m.Width/2)
	}
	return m.Width
}

func (m Model) detailWidth() int {
	if m.Width >= common.Wide {
		return m.Width - m.listWidth() - 1
	}
	return m.Width
}

// listHeight is how many list rows are on screen.
func (m Model) listHeight() int {
	bodyH := max(1, m.Height-1-lipgloss.Height(m.footer()))
	if m.Width >= common.Wide {
		return bodyH
	}
	return max(3, min(len(m.rows)+1, bodyH/3))
}

// header says what is listed, how (filter, sort) and who decides.
func (m Model) header() string {
	if !m.loaded {
		return common.Paint(m.Styles.Header, safetext.LineWidth("signoff queue · loading…", m.Width))
	}
	c := m.counted
	pending, in, ended := len(m.items), c.incidents, c.gateEnded
	if m.partial {
		// Only the head is listed, unfiltered: the keys counted the rest.
		pending, in, ended = m.headPending, m.headIncidents, m.headGateEnded
	}
	count := review.PendingCount(pending, ended)
	where := " in " + plural(in, "open incident")
	if len(m.all) == 0 {
		count, where = "nothing pending", ""
	}
	if !m.filter.Empty() {
		count = fmt.Sprintf("%d of %s", len(m.items), review.PendingCount(len(m.all), c.allGateEnded))
		where = " · filter: " + m.filter.String()
	}
	rest := ""
	if m.sortBy != SortTier {
		rest += " · by " + m.sortBy.String()
	}
	rest += " · deciding as " + m.Person
	return common.Paint(m.Styles.Header, safetext.LineWidth(m.headerFit(count, where, rest), m.Width))
}

// headerFit is the header's text at the screen's width. Who decides is
// never cut: too long for the terminal, the line gives up the incidents'
// count (each incident's header says its own), then the screen's name
// (the terminal's title says it), then shortens the filter (/ shows it
// whole); only a name wider than the screen is cut, and then it comes
// first.
func (m Model) headerFit(count, where, rest string) string {
	fits := func(s string) bool { return ansi.StringWidth(string(safetext.Line(s))) <= m.Width }
	const name = "signoff queue · "
	texts := []string{name + count + where + rest, name + count + rest, count + rest}
	if !m.filter.Empty() {
		texts = []string{name + count + where + rest, count + where + rest}
		room := m.Width - ansi.StringWidth(string(safetext.Line(count+" · filter: "+rest)))
		if room >= 2 {
			texts = append(texts, count+" · filter: "+string(safetext.LineWidth(m.filter.String(), room))+rest)
		}
		texts = append(texts, count+" · filtered"+rest)
	}
	for _, text := range texts {
		if fits(text) {
			return text
		}
	}
	return strings.TrimPrefix(rest, " · ") + " · " + count
}

func (m Model) footer() string {
	// The status wraps at the width: a sentence is read whole.
	status, st := "", m.Styles.Footer
	if m.status != "" {
		st = m.Styles.Bold
		if m.isError {
			st = m.Styles.Error
		}
		status = common.Wrap(st, m.status, m.Width)
	}
	var keys string
	switch {
	case m.filtering:
		keys = m.filterIn.View()
	case m.form != nil && m.help.ShowAll && m.form.ActiveKeys().Help.Enabled():
		// Drawn as every screen's full help; where ? is typed into a
		// field, the help open on the list stays folded.
		keys = common.FullHelp(m.help, m.form.ActiveKeys(), m.Width)
	case m.form != nil:
		keys = common.KeyLine(m.help, m.form.ActiveKeys(), m.Width)
	case m.statusForm != nil:
		keys = common.FitLines(m.help.ShortHelpView(m.statusForm.ActiveKeys().ShortHelp()), m.Width)
	case m.notes != nil:
		keys = common.FitLines(m.help.ShortHelpView(m.notes.activeKeys().ShortHelp()), m.Width)
	case m.evidence != nil && m.help.ShowAll:
		keys = common.FullHelp(m.help, m.evidence.keys, m.Width)
	case m.evidence != nil:
		keys = m.help.View(m.evidence.keys)
	case m.help.ShowAll:
		keys = common.FullHelp(m.help, m.activeKeys(), m.Width)
	default:
		keys = common.KeyLine(m.help, m.activeKeys(), m.Width)
	}
	return status + "\n" + common.ClipLines(keys, m.Width)
}

// listView draws only the rows on screen.
func (m Model) listView(w, h int) string {
	if !m.loaded {
		return pad(common.Fit(common.Paint(m.Styles.Muted, "Loading the queue…"), w), h)
	}
	if len(m.items) == 0 {
		text := "Nothing is waiting: no open incident has a pending AI suggestion."
		if !m.filter.Empty() {
			text = fmt.Sprintf("Nothing of the %d pending matches %s. esc clears the filter.", len(m.all), m.filter.String())
		}
		return pad(common.Fit(common.Paint(m.Styles.Muted, safetext.LineWidth(text, w)), w), h)
	}
	var b strings.Builder
	now := m.Now()
	end := min(len(m.rows), m.top+h)
	for i := m.top; i < end; i++ {
		if i > m.top {
			b.WriteByte('\n')
		}
		r := m.rows[i]
		switch r.kind {
		case rowGroup:
			b.WriteString(m.groupRow(r.incident, w))
		case rowNote:
			b.WriteString(m.noteRow(r.incident, w))
		default:
			b.WriteString(m.row(m.items[r.item], r.item == m.selected, w, now))
		}
	}
	if m.partial {
		// The screen outgrew the head (it grew before the rest came): the
		// rows past it are not empty, they are not read yet.
		for i := end; i < m.top+h; i++ {
			if i > m.top {
				b.WriteByte('\n')
			}
			line := safetext.Text("⋯")
			if i == end {
				line = m.restLine()
			}
			b.WriteString(common.Fit(common.Paint(m.Styles.Muted, line), w))
		}
	}
	return pad(b.String(), h)
}

// restLine stands for the rows past the head on a screen taller than it.
func (m Model) restLine() safetext.Text {
	if m.restFailed {
		return "⋯ the rest of the queue did not load: ctrl+r reads it again"
	}
	return "⋯ reading the rest of the queue"
}

// groupRow heads an incident's items: id, severity, status, title and how
// many of its items are listed.
func (m Model) groupRow(incident string, w int) string {
	var it *model.PendingItem
	n, ended := 0, 0
	for i := range m.items {
		if m.items[i].Incident == incident {
			if it == nil {
				it = &m.items[i]
			}
			n++
			if m.items[i].GateEnded != nil {
				ended++
			}
		}
	}
	status := m.incStatus[incident]
	id := safetext.Line(incident)
	if twin, ok := m.incAlike[incident]; ok {
		id += " " + common.AlikeMark(incident, twin)
	}
	text := string(id) + " · " + string(it.Severity) + " · " + string(status) + " · " + review.PendingCount(n, ended) + " · " + it.IncidentTitle
	return common.Paint(m.Styles.PaneTitle, safetext.LineWidth("▌"+text, w))
}

// noteRow is the incident's latest hand-off note, under its header.
func (m Model) noteRow(incident string, w int) string {
	n := m.handoffs[incident]
	more := ""
	if c := m.handoffN[incident]; c > 1 {
		more = fmt.Sprintf(" (latest of %d)", c)
	}
	text := "  ✎ hand-off" + more + " · " + n.By + " " + shortStamp(n.At) + ": " + n.Text
	return common.Paint(m.Styles.Muted, safetext.LineWidth(text, w))
}

var tierLabel = map[model.Tier]safetext.Text{
	model.TierCritical: "CRIT", model.TierHigh: "HIGH", model.TierMedium: "MED ", model.TierLow: "LOW ",
}

// row is one item: tier, id, action → target on the left; agent,
// confidence, age, expiry (a countdown within the hour) or approvals, and
// who holds it, in fixed columns on the right.
func (m Model) row(it model.PendingItem, selected bool, w int, now time.Time) string {
	holder := ""
	if c, ok := m.claimOf(&it, now); ok {
		holder = "@" + c.Person
		if c.Person == m.Person {
			holder = "@you"
		}
	}
	before := padRight(string(safetext.LineWidth(it.Agent, 10)), 10) + " " + conf(it.Confidence) + " " + padRight(age(now.Sub(it.At)), 4) + " "
	fl := padRight(flag(it, now), m.flagWidth())
	after := " " + padRight(string(safetext.LineWidth(holder, 9)), 9)
	right := before + fl + after
	mark := "  "
	if selected {
		mark = "▸ "
	}
	leftW := max(10, w-2-5-1-ansi.StringWidth(right))
	left := padRight(string(rowAction(it.Suggestion, it.Action, it.Class, leftW)), leftW)
	tier := tierLabel[it.Tier]
	if selected {
		return m.Styles.RowSelected.Render(ansi.Truncate(mark+string(tier)+" "+left+" "+right, w, ""))
	}
	ts := m.Styles.Muted
	switch it.Tier {
	case model.TierCritical, model.TierHigh:
		ts = m.Styles.Flag
	case model.TierMedium:
		ts = m.Styles.Bold
	}
	if it.GateEnded != nil {
		// Nothing waits for its decision: the row is dimmed, and its mark
		// stands out.
		return ansi.Truncate(mark+common.Paint(m.Styles.Muted, tier+" "+safetext.Text(left)+" "+safetext.Text(before))+
			common.Paint(m.Styles.Flag, safetext.Text(fl))+common.Paint(m.Styles.Muted, safetext.Text(after)), w, "")
	}
	return ansi.Truncate(mark+common.Paint(ts, tier)+" "+left+" "+common.Paint(m.Styles.Muted, safetext.Text(right)), w, "")
}

// flag is the item's state column: its gate stopped waiting (what the
// agent was told); else awaiting its second approval (✔1/2), and expired
// or when it expires (minutes and seconds within the hour), both when
// both hold: a first approval does not stop the clock.
func flag(it model.PendingItem, now time.Time) string {
	switch {
	case it.GateEnded != nil && it.GateEnded.AskedUser:
		return "TO USER"
	case it.GateEnded != nil:
		return "TOLD NO"
	}
	exp := ""
	switch {
	case it.Expired(now):
		exp = "EXPIRED"
	case it.ExpiresAt != nil:
		exp = "exp " + countdown(it.ExpiresAt.Sub(now))
	}
	if it.FirstApproval != nil {
		return strings.TrimSpace("✔1/2 " + exp)
	}
	return exp
}

// flagWidth is the state column's width: its widest text, "exp 12:34"
// (a countdown within the hour), or "✔1/2 exp 12:34" while an item listed
// awaits its second approval.
func (m Model) flagWidth() int {
	if m.counted.awaiting > 0 {
		return 14
	}
	return 9
}

// countdown is a time left: 4:07 within the hour, else 3h or 12d.
func countdown(d time.Duration) string {
	if d < time.Hour {
		s := int(d.Round(time.Second).Seconds())
		return fmt.Sprintf("%d:%02d", s/60, s%60)
	}
	return age(d)
}

// rowAction is a row's "ID type → target" in w cells ("→ target
// unknown" for a containment action that names none, class c:
// review.PendingAction). A target made from
// an address range (the gate writes 10.0.0.0/8 as the asset 10.0.0.0%2F8)
// keeps its mask in view when the text is cut: cut at its end,
// 203.0.113.7%2F0 (every address) would read as the one host.
func rowAction(id string, a model.Action, c model.ActionClass, w int) safetext.Text {
	text := id + " " + review.PendingAction(a, c)
	at := strings.LastIndex(a.Target, "%2F")
	if at < 0 {
		return safetext.LineWidth(text, w)
	}
	mask := safetext.LineWidth(a.Target[at:], max(1, w/2))
	if whole := safetext.LineWidth(text, w); !strings.HasSuffix(string(whole), safetext.Ellipsis) {
		return whole
	}
	head := strings.TrimSuffix(text, a.Target[at:])
	return safetext.LineWidth(head, w-ansi.StringWidth(string(mask))) + mask
}

func actionText(a model.Action) string {
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " → " + a.Target
}

func conf(c *float64) string {
	if c == nil {
		return "   —" // as wide as "100%": the columns after it line up
	}
	return fmt.Sprintf("%3.0f%%", *c*100)
}

// age is a short duration: 45s, 12m, 9h, 3d.
func age(d time.Duration) string {
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-ansi.StringWidth(s)))
}

// pad makes s exactly h lines tall.
func pad(s string, h int) string {
	n := strings.Count(s, "\n") + 1
	if n < h {
		s += strings.Repeat("\n", h-n)
	}
	return s
}

// clip keeps lines [off, off+h) of s, padded to h.
func clip(lines []string, off, h int) string {
	off = max(0, min(off, len(lines)-h))
	end := min(len(lines), off+h)
	return pad(strings.Join(lines[off:end], "\n"), h)
}

// maxWrapped bounds the lines one field may take, so a huge field costs
// no more than a long one.
const maxWrapped = 30

// wrap sanitises text from the store and wraps it to w cells.
func wrap(s string, w int) []string {
	w = max(10, w)
	return common.WrapText(safetext.LineWidth(s, w*maxWrapped), w, "")
}

// hardwrap sanitises a value from the store and cuts it into lines of w
// cells, in at most maxWrapped lines, the last ending in an ellipsis when
// the value goes on. A value holding a run of spaces is cut at the width
// with every space kept (common.HardwrapText), so padding cannot move
// text of it to a line of its own; one with single spaces only is
// wrapped at words, which drops nothing but the space at each break.
func hardwrap(s string, w int) []string {
	w = max(10, w)
	ls := cutOrWrap(safetext.LineWidth(s, w*maxWrapped), w)
	if len(ls) > maxWrapped {
		ls = ls[:maxWrapped]
		ls[maxWrapped-1] = string(safetext.Truncate(safetext.Text(ls[maxWrapped-1]+safetext.Ellipsis), w))
	}
	return ls
}

// cutOrWrap lays out safe text in lines of w cells, as hardwrap does: cut
// at the width with every space kept when it holds a run of spaces,
// wrapped at words when it holds single spaces only.
func cutOrWrap(t safetext.Text, w int) []string {
	if strings.Contains(string(t), "  ") {
		return common.HardwrapText(t, w)
	}
	return common.WrapText(t, w, "")
}

func stamp(t time.Time) string { return review.Stamp(t) }

// shortStamp is a time in a row: month-day hour:minute UTC.
func shortStamp(t time.Time) string { return t.UTC().Format("01-02 15:04 UTC") }

// plural spells "1 open incident", "2 open incidents".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
