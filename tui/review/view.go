package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

func (s *Model) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.layout()
}

// wide screens show the timeline across the top, at full width, and the
// step below it with the suggestion, the decision and the evidence side
// by side; narrow ones show one pane at a time.
func (s Model) wide() bool { return s.Width >= common.Wide }

// layout shares the height out: banner, header, the body and the footer.
func (s *Model) layout() {
	if s.Width <= 0 {
		return
	}
	s.help.Width = s.Width
	body := s.Height - len(s.header()) - s.footerHeight() - len(s.chainBanner())
	body = max(4, body)
	formH := 0
	if s.form != nil {
		s.form.SetWidth(s.Width)
		formH = lipgloss.Height(s.form.View())
	}
	if s.wide() {
		rest := max(2, body-2-formH) // a title line above each pane
		tl := max(3, rest*2/5)
		s.timeline.SetSize(s.Width, tl)
		s.pane.SetSize(s.Width, max(1, rest-tl))
	} else {
		s.timeline.SetSize(s.Width, max(1, body-1-formH))
		s.pane.SetSize(s.Width, max(1, body-1-formH))
	}
	if s.viewer != nil {
		s.viewer.SetSize(s.Width, max(1, body-1))
	}
	s.prompt.Width = max(10, s.Width-len(s.prompt.Prompt)-2)
}

func (s Model) footerHeight() int { return lipgloss.Height(s.footer()) }

// chainBanner is the audit chain's problem over the screen, no line when
// the chain is intact.
func (s Model) chainBanner() []string { return s.ChainBanner(s.banner, s.Width, s.Height) }

func (s Model) View() string {
	out := s.chainBanner()
	out = append(out, s.header()...)
	out = append(out, s.body())
	out = append(out, s.footer())
	return strings.Join(out, "\n")
}

// header is the incident, where its review stands and who is acting; it
// says up front when that person cannot record verdicts here, and which
// filter is on.
func (s Model) header() []string {
	st, sum := s.Styles, s.summary
	id := s.incidentID()
	title := id + " · " + safetext.Line(sum.Title)
	standing := s.standingLines()
	if !s.counted {
		title = id
		standing = []safetext.Text{"counting steps and verdicts… · you: " + safetext.Line(s.Person)}
	}
	if s.verifying {
		standing[0] = "verifying audit chain… · " + standing[0]
	}
	out := []string{common.Fit(common.Paint(st.Header, safetext.Truncate(title, s.Width)), s.Width)}
	for _, l := range standing {
		out = append(out, common.Fit(common.Paint(st.HeaderDim, safetext.Truncate(l, s.Width)), s.Width))
	}
	if s.opened && !s.isPerson {
		for _, l := range common.WrapLines("⚠ "+s.readOnly()+" to record verdicts.", s.Width) {
			out = append(out, common.Fit(common.Paint(st.Error, safetext.Text(l)), s.Width))
		}
	}
	if !s.filter.IsZero() {
		f := "filter: " + s.filter.describe() + " · F changes it · esc clears it"
		out = append(out, common.Fit(common.Paint(st.Bold, safetext.LineWidth(f, s.Width)), s.Width))
	}
	return out
}

// standingLines are the header's second line: severity, status, review
// progress, pending count, who you act as and the commander. Where they
// are wider than the screen they go on to a third line, broken between
// fields, rather than be cut: cut from the right, the line lost "you:
// mara" first, at 80 columns on any incident whose status had changed
// ("closed since 12-03 16:50 UTC by alice"), and verdicts are recorded as
// that person. A third line still too wide is cut, ending in "…".
func (s Model) standingLines() []safetext.Text {
	sum := s.summary
	parts := []safetext.Text{
		safetext.Line(string(sum.Severity)), statusWords(sum), common.ReviewProgress(sum),
		common.PendingCount(sum), "you: " + safetext.Line(s.Person), "commander " + safetext.Line(sum.Commander),
	}
	lines := []safetext.Text{parts[0]}
	for _, p := range parts[1:] {
		last := &lines[len(lines)-1]
		if len(lines) == 1 && ansi.StringWidth(string(*last+" · "+p)) > s.Width {
			lines = append(lines, p)
			continue
		}
		*last += " · " + p
	}
	return lines
}

// incidentID is the incident's id as the header names it: marked, as the
// picker and the queue mark it, when it reads like another stored
// incident's (a pair stored before imports refused one; the roster says).
func (s Model) incidentID() safetext.Text {
	id := safetext.Line(s.summary.ID)
	if twin := s.roster.IncidentReadsLike; twin != "" {
		id += " " + common.AlikeMark(s.summary.ID, twin)
	}
	return id
}

func (s Model) paneTitle(t safetext.Text, focused bool, w int) string {
	if focused {
		return common.Fit(common.Paint(s.Styles.PaneTitle, safetext.Truncate("["+t+"]", w)), w)
	}
	return common.Fit(common.Paint(s.Styles.Muted, safetext.Truncate(" "+t+" ", w)), w)
}

func (s Model) body() string {
	if s.statusForm != nil {
		return s.statusBody()
	}
	if s.viewer != nil {
		title := s.paneTitle("Evidence and full record · q to go back", true, s.Width)
		return title + "\n" + s.viewer.View()
	}
	tl := s.paneTitle(s.timelineTitle(), s.timeline.Focused(), s.Width) + "\n" + s.timeline.View()
	pane := s.paneTitle(s.stepTitle(), s.pane.Focused(), s.Width) + "\n" + s.pane.View()
	var parts []string
	switch {
	case s.wide():
		parts = []string{tl, pane}
	case s.paneShown:
		parts = []string{pane}
	default:
		parts = []string{tl}
	}
	if s.form != nil {
		parts = append(parts, s.form.View())
	}
	return strings.Join(parts, "\n")
}

func (s Model) timelineTitle() safetext.Text {
	t := safetext.Text("Timeline")
	if !s.wide() {
		// The step pane is hidden: say which step it holds.
		if d := s.pane.Detail(); d != nil && d.step != nil {
			t += " · Step " + safetext.Line(d.step.Subject)
		}
		t += " · tab: step"
	}
	if s.query != "" {
		t += " · /" + safetext.Line(s.query) + s.matchPlace()
	}
	if s.timeline.loadingAfter || s.timeline.loadingBefore {
		t += " · loading…"
	}
	if s.timeline.Empty() && s.opened && !s.filter.IsZero() && s.timeline.atEnd {
		t += " · no row passes the filter"
	}
	return t
}

// matchPlace says where the selected row stands among the matches: "3 of
// 41" on a match, "41 matches" elsewhere.
func (s Model) matchPlace() safetext.Text {
	c := s.count
	if c == nil || c.query != s.query {
		return ""
	}
	total := fmt.Sprint(c.total)
	if c.total >= countCap {
		total = fmt.Sprintf("%d+", countCap)
	}
	if r := s.timeline.Selected(); r != nil && r.ID == c.row {
		return safetext.Text(fmt.Sprintf(": %d of %s", c.before+1, total))
	}
	if c.total == 1 {
		return ": 1 match"
	}
	return safetext.Text(": " + total + " matches")
}

func (s Model) stepTitle() safetext.Text {
	t := safetext.Text("Step")
	if d := s.pane.Detail(); d != nil {
		switch {
		case d.step != nil:
			t += " " + safetext.Line(d.step.Subject)
		case d.event != nil:
			t = "Event " + safetext.Line(d.event.ID)
		case d.evidence != nil:
			t = "Evidence " + safetext.Line(d.evidence.ID)
		}
	}
	if !s.wide() {
		t += " · tab: timeline"
	}
	return t
}

// footer is the status sentence until the next key (wrapped, never cut),
// the prompt being typed, or the keys that work here.
func (s Model) footer() string {
	st := s.Styles
	var lines []string
	if s.status != "" {
		style := st.Footer
		if s.statusError {
			style = st.Error
		}
		lines = append(lines, common.Wrap(style, s.status, s.Width))
	}
	switch {
	case s.asking != askNone:
		lines = append(lines, common.Fit(s.prompt.View(), s.Width))
	case s.status != "":
	case s.statusForm != nil:
		lines = append(lines, common.FitLines(s.help.ShortHelpView(s.statusForm.ActiveKeys().ShortHelp()), s.Width))
	case s.viewer != nil && s.help.ShowAll:
		lines = append(lines, common.FullHelp(s.help, s.viewer.Keys, s.Width))
	case s.viewer != nil:
		lines = append(lines, common.FitLines(s.help.ShortHelpView(s.viewer.Keys.ShortHelp()), s.Width))
	case s.form != nil && s.help.ShowAll && s.form.ActiveKeys().Help.Enabled():
		lines = append(lines, common.FullHelp(s.help, s.form.ActiveKeys(), s.Width))
	case s.form != nil:
		lines = append(lines, common.FitLines(s.help.ShortHelpView(s.form.ActiveKeys().ShortHelp()), s.Width))
	case s.help.ShowAll:
		lines = append(lines, common.FullHelp(s.help, s.helpKeys(), s.Width))
	default:
		lines = append(lines, common.KeyLine(s.help, s.activeKeys(), s.Width))
	}
	return strings.Join(lines, "\n")
}
