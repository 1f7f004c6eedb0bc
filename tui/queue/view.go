package queue

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// wide is the width from which the list and the detail sit side by side.
const wide = 120

func (m *Model) View() string {
	if m.width == 0 {
		return ""
	}
	if m.fatal != nil {
		return m.fatalView()
	}
	footer := m.footer()
	bodyH := max(1, m.height-1-lipgloss.Height(footer))
	var body string
	if m.width >= wide {
		list := m.listView(m.listWidth(), bodyH)
		sep := strings.TrimSuffix(strings.Repeat(m.paint(m.styles.Muted, "│")+"\n", bodyH), "\n")
		body = lipgloss.JoinHorizontal(lipgloss.Top, list, sep, m.detailView(m.detailWidth(), bodyH))
	} else {
		lh := m.listHeight()
		rule := m.paint(m.styles.Muted, safetext.Text(strings.Repeat("─", m.width)))
		body = m.listView(m.width, lh) + "\n" + rule + "\n" + m.detailView(m.width, max(1, bodyH-lh-1))
	}
	return m.header() + "\n" + body + "\n" + footer
}

// listWidth and detailWidth split a wide screen; a narrow one stacks.
func (m *Model) listWidth() int {
	if m.width >= wide {
		return min(96, m.width/2)
	}
	return m.width
}

func (m *Model) detailWidth() int {
	if m.width >= wide {
		return m.width - m.listWidth() - 1
	}
	return m.width
}

// listHeight is how many queue rows are on screen.
func (m *Model) listHeight() int {
	footerH := 2
	if m.help.ShowAll {
		footerH = 5
	}
	bodyH := max(1, m.height-1-footerH)
	if m.width >= wide {
		return bodyH - 1
	}
	return max(3, min(len(m.items)+1, bodyH/3))
}

func (m *Model) paint(st lipgloss.Style, t safetext.Text) string { return st.Render(string(t)) }

func (m *Model) header() string {
	incidents := map[string]bool{}
	for _, it := range m.items {
		incidents[it.Incident] = true
	}
	text := fmt.Sprintf("signoff queue · %d pending in %s · deciding as %s", len(m.items), plural(len(incidents), "open incident"), m.opts.Person)
	if !m.loaded {
		text = "signoff queue · loading…"
	}
	return m.paint(m.styles.Header, safetext.LineWidth(text, m.width))
}

func (m *Model) footer() string {
	status := safetext.Text("")
	st := m.styles.Footer
	if m.status != "" {
		status = safetext.LineWidth(m.status, m.width)
		if m.isError {
			st = m.styles.Error
		} else {
			st = m.styles.Bold
		}
	}
	var keys string
	if m.form != nil {
		keys = m.help.View(m.form.keys)
	} else {
		m.enableKeys()
		keys = m.help.View(m.keys)
	}
	lines := strings.Split(keys, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "")
	}
	return m.paint(st, status) + "\n" + strings.Join(lines, "\n")
}

func (m *Model) fatalView() string {
	body := m.paint(m.styles.Error, "signoff cannot show the queue") + "\n\n" +
		string(safetext.LineWidth(model.ErrorMessage(m.fatal), max(10, m.width-8))) + "\n\n" +
		m.paint(m.styles.Muted, "Press q to quit. Check the --db path and run `signoff verify`, then start again.")
	box := m.styles.FatalBox.Width(min(m.width-2, 100)).Render(body)
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}

// listView draws only the rows on screen.
func (m *Model) listView(w, h int) string {
	if !m.loaded {
		return pad(m.paint(m.styles.Muted, "Loading the queue…"), h)
	}
	if len(m.items) == 0 {
		return pad(m.paint(m.styles.Muted, safetext.LineWidth("Nothing is waiting: no open incident has a pending AI suggestion.", w)), h)
	}
	var b strings.Builder
	now := m.opts.Now()
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
func (m *Model) row(it model.PendingItem, selected bool, w int, now time.Time) string {
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
		return m.styles.RowSelected.Render(ansi.Truncate(mark+string(tier)+" "+left+" "+right, w, ""))
	}
	ts := m.styles.Muted
	switch it.Tier {
	case model.TierCritical, model.TierHigh:
		ts = m.styles.Flag
	case model.TierMedium:
		ts = m.styles.Bold
	}
	return ansi.Truncate(mark+m.paint(ts, tier)+" "+left+" "+m.paint(m.styles.Muted, safetext.Text(right)), w, "")
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
