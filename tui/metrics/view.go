package metrics

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// View draws the dashboard, or the suggestions behind a row.
func (m Model) View() string {
	var body string
	switch {
	case m.err != nil:
		body = m.Styles.Error.Render("The trust metrics could not be read.") + "\n\n" +
			string(safetext.Block(model.ErrorMessage(m.err))) + "\n\n" + m.Styles.Muted.Render("Press ctrl+r to try again.")
	case !m.loaded:
		body = m.Styles.Muted.Render("Loading the trust metrics…")
	case m.list != nil:
		body = m.viewList()
	default:
		body = m.viewOverview()
	}
	// The table and charts are laid out for 64 cells and more: narrower,
	// their right edge is cut (the terminal would wrap it and push the
	// screen up), and the help with its legend keeps a line for the body.
	footer := fitHeight(m.footer(), min(m.footerHeight(), max(1, m.Height-1)))
	return fitHeight(common.ClipLines(body, m.Width), m.Height-lipgloss.Height(footer)) + "\n" + footer
}

func (m Model) footerHeight() int { return lipgloss.Height(m.footer()) }

// footer is a problem until the next key (wrapped, read whole), else the
// keys; the full help also explains every glyph and column.
func (m Model) footer() string {
	if m.flash != "" {
		return common.Wrap(m.Styles.Error, m.flash, m.Width)
	}
	if !m.help.ShowAll {
		return common.KeyLine(m.help, m.activeKeys(), m.Width)
	}
	legend := make([]string, 0, len(legendLines))
	for _, l := range legendLines {
		legend = append(legend, common.Wrap(m.Styles.Muted, l, m.Width))
	}
	return common.FullHelp(m.help, m.activeKeys(), m.Width) + "\n" + strings.Join(legend, "\n")
}

// legendLines say what every glyph, mark and column of the dashboard
// means; ? shows them under the keys.
var legendLines = []string{
	"Chart: • accepted (ACCEPT) · × right in hindsight (HINDSIGHT) · ⊗ both at one point · a gap: a month with no decided or judged suggestion.",
	"Reliability: ● one confidence bin, observed correctness against mean stated confidence · ·· a perfectly calibrated agent.",
	"ACCEPT decided suggestions followed ÷ decided (a final decision other than deferred) · OVERRIDE decided ones modified or ignored ÷ decided · FOLLOW counts automated executions too.",
	"HINDSIGHT followed judged right ÷ followed judged · MISSED ignored judged right ÷ ignored judged · BRIER mean (confidence − outcome)², lower is better · — nothing to divide by.",
	"Suggestions list: COUNTED is the verdict counted, * when a reviewer recorded it, else signoff's proposal; (pending) or (deferred) when there is none.",
}

// tableRows is how many agents or action types the table shows at once.
func (m Model) tableRows() int {
	return max(3, (m.Height-m.footerHeight()-8)/3)
}

// chartHeight is what is left for the charts under the table.
func (m Model) chartHeight() int {
	n := min(len(m.rowKeys()), m.tableRows())
	return max(5, m.Height-m.footerHeight()-4-len(m.detail())-n)
}

func (m Model) viewOverview() string {
	s := m.Styles
	var b strings.Builder
	o := m.report.Overall
	title := fmt.Sprintf("AI TRUST METRICS · %s · %s · %s%s", common.Count(o.Suggestions, "suggestion"),
		common.Count(len(m.report.ByAgent), "agent"), common.Count(len(m.report.ByAction), "action type"), m.scope())
	b.WriteString(s.Header.Render(string(safetext.LineWidth(title, m.Width))) + "\n")
	b.WriteString(m.tabs() + "\n")
	b.WriteString(m.table() + "\n")
	for _, line := range m.detail() {
		b.WriteString(string(line) + "\n")
	}
	b.WriteString(m.charts())
	return b.String()
}

func (m Model) scope() string {
	var parts []string
	f := m.filter
	if f.Incident != "" {
		parts = append(parts, "incident "+f.Incident)
	}
	if !f.Since.IsZero() {
		parts = append(parts, "since "+f.Since.UTC().Format("2006-01-02"))
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

func (m Model) tabs() string {
	s := m.Styles
	agents, actions := s.TabActive.Render("[Agents]"), s.Muted.Render(" Action types ")
	if m.tab == tabActions {
		agents, actions = s.Muted.Render(" Agents "), s.TabActive.Render("[Action types]")
	}
	return agents + " " + actions + s.Muted.Render("   tab switches · enter lists the suggestions")
}

// fitHeight pads or cuts text to exactly h lines.
func fitHeight(text string, h int) string {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:max(0, h)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// table draws the visible window of rows around the cursor.
func (m Model) table() string {
	s := m.Styles
	wide := m.Width >= 120
	nameW := max(10, min(28, m.Width-60))
	head := []string{"SUGG", "DECIDED", "ACCEPT", "OVERRIDE", "HINDSIGHT", "BRIER"}
	if wide {
		head = []string{"SUGG", "PEND", "AUTO", "DECIDED", "FOLLOW", "MODIFY", "IGNORE", "ACCEPT", "OVERRIDE", "HINDSIGHT", "MISSED", "BRIER"}
	}
	name := "AGENT"
	if m.tab == tabActions {
		name = "ACTION TYPE"
	}
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(padTo(name, nameW+1)+cols(head)) + "\n")
	keys := m.rowKeys()
	if len(keys) == 0 {
		b.WriteString(s.Muted.Render("no suggestions yet"))
		return b.String()
	}
	visible := m.tableRows()
	c := m.cursor[m.tab]
	from := max(0, min(c-visible/2, len(keys)-visible))
	for i := from; i < min(len(keys), from+visible); i++ {
		met, class := m.rowMetrics(i)
		label := keys[i]
		if class != "" && wide {
			label += " (" + class + ")"
		}
		vals := []string{fmt.Sprint(met.Suggestions), fmt.Sprint(met.Decided), review.Percent(met.AcceptanceRate),
			review.Percent(met.OverrideRate), review.Percent(met.HindsightPrecision), review.Decimal(met.Brier)}
		if wide {
			vals = []string{fmt.Sprint(met.Suggestions), fmt.Sprint(met.Pending), fmt.Sprint(met.AutoExecuted), fmt.Sprint(met.Decided),
				fmt.Sprint(met.Followed), fmt.Sprint(met.Modified), fmt.Sprint(met.Ignored), review.Percent(met.AcceptanceRate),
				review.Percent(met.OverrideRate), review.Percent(met.HindsightPrecision), review.Percent(met.MissedValue), review.Decimal(met.Brier)}
		}
		mark := "  "
		if i == c {
			mark = "▸ "
		}
		line := mark + padTo(string(safetext.LineWidth(label, nameW-1)), nameW-1) + cols(vals)
		if i == c {
			line = s.RowSelected.Render(padTo(line, min(m.Width, lipgloss.Width(line)+1)))
		}
		b.WriteString(line + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func (m Model) rowMetrics(i int) (review.Metrics, string) {
	if m.tab == tabAgents {
		return m.report.ByAgent[i].Metrics, ""
	}
	a := m.report.ByAction[i]
	return a.Metrics, string(a.Class)
}

// cols right-aligns numbers in columns as wide as their headers.
func cols(vals []string) string {
	widths := []int{7, 8, 7, 9, 10, 6}
	if len(vals) > 6 {
		widths = []int{7, 5, 5, 8, 7, 7, 7, 7, 9, 10, 7, 6}
	}
	var b strings.Builder
	for i, v := range vals {
		w := widths[i]
		if n := lipgloss.Width(v); n < w {
			b.WriteString(strings.Repeat(" ", w-n))
		}
		b.WriteString(v + " ")
	}
	return b.String()
}

// detail spells out the selected row's numbers with the counts behind them,
// so a rate is never read without its size. Its parts flow onto as many
// lines as the width needs, each part whole: a narrow screen never cuts a
// count or the row's name in half.
func (m Model) detail() []safetext.Text {
	keys := m.rowKeys()
	if len(keys) == 0 {
		return nil
	}
	met := m.selected()
	sum := met.Sums
	name := keys[m.cursor[m.tab]]
	decided := []string{name,
		fmt.Sprintf("accepted %d/%d (%s)", sum.DecidedFollowed, met.Decided, review.Percent(met.AcceptanceRate)),
		fmt.Sprintf("overridden %d/%d (%s)", sum.DecidedOverridden, met.Decided, review.Percent(met.OverrideRate)),
		fmt.Sprintf("pending %d", met.Pending)}
	// The second line is indented under the name.
	rest := []string{fmt.Sprintf("  auto %d", met.AutoExecuted),
		fmt.Sprintf("hindsight right %d/%d (%s)", sum.FollowedCorrect, sum.FollowedJudged, review.Percent(met.HindsightPrecision)),
		fmt.Sprintf("missed %d/%d (%s)", sum.IgnoredCorrect, sum.IgnoredJudged, review.Percent(met.MissedValue)),
		fmt.Sprintf("Brier %s over %d", review.Decimal(met.Brier), sum.Scored)}
	return append(common.Flow(decided, "  ", m.Width), common.Flow(rest, "  ", m.Width)...)
}
