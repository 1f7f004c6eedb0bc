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

// listHeight is how many queue rows are on screen.
func (m Model) listHeight() int {
	bodyH := max(1, m.Height-1-lipgloss.Height(m.footer()))
	if m.Width >= common.Wide {
		return bodyH - 1
	}
	return max(3, min(len(m.items)+1, bodyH/3))
}

func (m Model) header() string {
	incidents := map[string]bool{}
	for _, it := range m.items {
		incidents[it.Incident] = true
	}
	text := fmt.Sprintf("signoff queue · %d pending in %s · deciding as %s", len(m.items), plural(len(incidents), "open incident"), m.Person)
	if !m.loaded {
		text = "signoff queue · loading…"
	}
	return common.Paint(m.Styles.Header, safetext.LineWidth(text, m.Width))
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
	if m.form != nil {
		keys = m.help.View(m.form.keys)
	} else {
		keys = m.help.View(m.activeKeys())
	}
	return status + "\n" + common.ClipLines(keys, m.Width)
}

// listView draws only the rows on screen.
func (m Model) listView(w, h int) string {
	if !m.loaded {
		return pad(common.Paint(m.Styles.Muted, "Loading the queue…"), h)
	}
	if len(m.items) == 0 {
		return pad(common.Paint(m.Styles.Muted, safetext.LineWidth("Nothing is waiting: no open incident has a pending AI suggestion.", w)), h)
	}
	var b strings.Builder
	now := m.Now()
	end := min(len(m.items), m.top+h)
	for i := m.top; i < end; i++ {
		if i > m.top {
			b.WriteByte('\n')
		}
		b.WriteString(m.row(m.items[i], i == m.selected, w, now))
	}
	return pad(b.String(), h)
}

var tierLabel = map[model.Tier]safetext.Text{
	model.TierCritical: "CRIT", model.TierHigh: "HIGH", model.TierMedium: "MED ", model.TierLow: "LOW ",
}

// row is one queue line: tier, incident/id, action → target on the left;
// agent, confidence, age, and expiry or approvals in fixed columns on the
// right.
func (m Model) row(it model.PendingItem, selected bool, w int, now time.Time) string {
	flag := ""
	switch {
	case it.FirstApproval != nil:
		flag = "✔1/2"
	case it.Expired(now):
		flag = "EXPIRED"
	case it.ExpiresAt != nil:
		flag = "exp " + age(it.ExpiresAt.Sub(now))
	}
	right := padRight(string(safetext.LineWidth(it.Agent, 12)), 12) + " " + conf(it.Confidence) + " " +
		padRight(age(now.Sub(it.At)), 4) + " " + padRight(flag, 8)
	mark := "  "
	if selected {
		mark = "▸ "
	}
	leftW := max(10, w-2-5-1-ansi.StringWidth(right))
	left := padRight(string(safetext.LineWidth(it.Key()+" "+actionText(it.Action), leftW)), leftW)
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
	return ansi.Truncate(mark+common.Paint(ts, tier)+" "+left+" "+common.Paint(m.Styles.Muted, safetext.Text(right)), w, "")
}

func actionText(a model.Action) string {
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " → " + a.Target
}

func conf(c *float64) string {
	if c == nil {
		return "  —"
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
	return strings.Split(ansi.Wrap(string(safetext.LineWidth(s, w*maxWrapped)), w, ""), "\n")
}

func stamp(t time.Time) string { return review.Stamp(t) }

// plural spells "1 open incident", "2 open incidents".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
