package review

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

func (s *Model) SetSize(w, h int) {
	s.Width, s.Height = w, h
	s.layout()
}

func (s Model) wide() bool { return s.Width >= common.Wide }

func (s Model) timelineWidth() int {
	if !s.wide() {
		return s.Width
	}
	return s.Width / 2
}

// layout shares the height out: banner, two header lines, the body and
// the footer (one line, or the full help).
func (s *Model) layout() {
	if s.Width <= 0 {
		return
	}
	s.help.Width = s.Width
	body := s.Height - 2 - s.footerHeight()
	if s.banner != "" {
		body--
	}
	body = max(3, body)
	formH := 0
	if s.form != nil {
		s.form.SetWidth(s.paneWidth())
		formH = lipgloss.Height(s.form.View())
	}
	tlW := s.timelineWidth()
	rows := body - 1 // a title line above each pane
	if !s.wide() && s.form != nil {
		rows -= formH
	}
	s.timeline.SetSize(tlW, max(1, rows))
	paneRows := body - 1
	if s.form != nil {
		paneRows -= formH
	}
	s.pane.SetSize(s.paneWidth(), max(1, paneRows))
	if s.viewer != nil {
		s.viewer.SetSize(s.Width, max(1, body-1))
	}
	s.search.Width = max(10, s.Width-12)
}

func (s Model) paneWidth() int {
	if !s.wide() {
		return s.Width
	}
	return s.Width - s.timelineWidth() - 1
}

func (s Model) footerHeight() int {
	if !s.help.ShowAll {
		return 1
	}
	return lipgloss.Height(common.FullHelp(s.help, s.activeKeys(), s.Width))
}

func (s Model) View() string {
	st := s.Styles
	var out []string
	if s.banner != "" {
		out = append(out, common.Fit(common.Paint(st.Banner, safetext.LineWidth("⚠ AUDIT CHAIN BROKEN: "+s.banner, s.Width)), s.Width))
	}
	out = append(out, s.header()...)
	out = append(out, s.body())
	out = append(out, s.footer())
	return strings.Join(out, "\n")
}

func (s Model) header() []string {
	st, sum := s.Styles, s.summary
	title := safetext.Line(sum.ID) + " · " + safetext.Line(sum.Title)
	progress := safetext.Text(fmt.Sprintf("%d/%d reviewed", sum.Reviewed, sum.Subjects))
	line2 := safetext.Line(string(sum.Severity)) + " · " + safetext.Line(string(sum.Status)) + " · " + progress +
		safetext.Text(fmt.Sprintf(" · %d pending", sum.Pending)) + " · you: " + safetext.Line(s.Person) +
		" · commander " + safetext.Line(sum.Commander)
	if !s.counted {
		title = safetext.Line(sum.ID)
		line2 = "counting steps and verdicts… · you: " + safetext.Line(s.Person)
	}
	if s.verifying {
		line2 = "verifying audit chain… · " + line2
	}
	return []string{
		common.Fit(common.Paint(st.Header, safetext.Truncate(title, s.Width)), s.Width),
		common.Fit(common.Paint(st.HeaderDim, safetext.Truncate(line2, s.Width)), s.Width),
	}
}

func (s Model) paneTitle(t safetext.Text, focused bool, w int) string {
	if focused {
		return common.Fit(common.Paint(s.Styles.PaneTitle, safetext.Truncate("["+t+"]", w)), w)
	}
	return common.Fit(common.Paint(s.Styles.Muted, safetext.Truncate(" "+t+" ", w)), w)
}

func (s Model) body() string {
	if s.viewer != nil {
		title := s.paneTitle("Evidence and full record · q to go back", true, s.Width)
		return title + "\n" + s.viewer.View()
	}
	tl := s.paneTitle(s.timelineTitle(), s.timeline.Focused(), s.timelineWidth()) + "\n" + s.timeline.View()
	pane := s.paneTitle(s.stepTitle(), s.pane.Focused(), s.paneWidth()) + "\n" + s.pane.View()
	if s.form != nil {
		pane += "\n" + s.form.View()
	}
	if !s.wide() {
		if s.paneShown {
			return pane
		}
		if s.form != nil {
			return tl + "\n" + s.form.View()
		}
		return tl
	}
	sep := strings.TrimSuffix(strings.Repeat("│\n", lipgloss.Height(tl)), "\n")
	return lipgloss.JoinHorizontal(lipgloss.Top, tl, common.Paint(s.Styles.Muted, safetext.Text(sep)), pane)
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
	if s.timeline.loadingAfter || s.timeline.loadingBefore {
		t += " · loading…"
	}
	return t
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

// footer is the status sentence until the next key, the search input, or
// the keys that work here.
func (s Model) footer() string {
	st := s.Styles
	switch {
	case s.status != "" && s.statusError:
		return common.Fit(common.Paint(st.Error, safetext.LineWidth(s.status, s.Width)), s.Width)
	case s.status != "":
		return common.Fit(common.Paint(st.Footer, safetext.LineWidth(s.status, s.Width)), s.Width)
	case s.searching:
		return common.Fit(s.search.View(), s.Width)
	case s.viewer != nil:
		return common.FitLines(s.help.ShortHelpView(s.viewer.Keys.ShortHelp()), s.Width)
	case s.form != nil:
		return common.FitLines(s.help.ShortHelpView(s.form.Keys.ShortHelp()), s.Width)
	}
	if s.help.ShowAll {
		return common.FullHelp(s.help, s.activeKeys(), s.Width)
	}
	return common.FitLines(s.help.View(s.activeKeys()), s.Width)
}
