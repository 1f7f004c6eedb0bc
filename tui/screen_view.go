package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/tui/safetext"
)

// wideAt is the width from which the timeline and the step pane sit side
// by side; below it tab switches between them.
const wideAt = 110

func (s *Screen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.layout()
}

func (s Screen) wide() bool { return s.width >= wideAt }

func (s Screen) timelineWidth() int {
	if !s.wide() {
		return s.width
	}
	return s.width / 2
}

// layout shares the height out: banner, two header lines, the body and
// the footer (one line, or the full help).
func (s *Screen) layout() {
	if s.width <= 0 {
		return
	}
	s.enableKeys()
	s.help.Width = s.width
	body := s.height - 2 - s.footerHeight()
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
		s.viewer.SetSize(s.width, max(1, body-1))
	}
	s.search.Width = max(10, s.width-12)
}

func (s Screen) paneWidth() int {
	if !s.wide() {
		return s.width
	}
	return s.width - s.timelineWidth() - 1
}

func (s Screen) footerHeight() int {
	if !s.help.ShowAll {
		return 1
	}
	return lipgloss.Height(fullHelp(s.help, s.Keys, s.width))
}

func (s Screen) View() string {
	s.enableKeys() // on this copy: help shows only keys that work now
	st := s.styles
	var out []string
	if s.banner != "" {
		out = append(out, fit(paint(st.Banner, safetext.LineWidth("⚠ AUDIT CHAIN BROKEN: "+s.banner, s.width)), s.width))
	}
	out = append(out, s.header()...)
	out = append(out, s.body())
	out = append(out, s.footer())
	return strings.Join(out, "\n")
}

func (s Screen) header() []string {
	st, sum := s.styles, s.summary
	title := safetext.Line(sum.ID) + " · " + safetext.Line(sum.Title)
	progress := safetext.Text(fmt.Sprintf("%d/%d reviewed", sum.Reviewed, sum.Subjects))
	line2 := safetext.Line(string(sum.Severity)) + " · " + safetext.Line(string(sum.Status)) + " · " + progress +
		safetext.Text(fmt.Sprintf(" · %d pending", sum.Pending)) + " · you: " + safetext.Line(s.person) +
		" · commander " + safetext.Line(sum.Commander)
	if !s.counted {
		title = safetext.Line(sum.ID)
		line2 = "counting steps and verdicts… · you: " + safetext.Line(s.person)
	}
	if s.verifying {
		line2 = "verifying audit chain… · " + line2
	}
	return []string{
		fit(paint(st.Header, safetext.Truncate(title, s.width)), s.width),
		fit(paint(st.HeaderDim, safetext.Truncate(line2, s.width)), s.width),
	}
}

func (s Screen) paneTitle(t safetext.Text, focused bool, w int) string {
	if focused {
		return fit(paint(s.styles.PaneTitle, safetext.Truncate("["+t+"]", w)), w)
	}
	return fit(paint(s.styles.Muted, safetext.Truncate(" "+t+" ", w)), w)
}

func (s Screen) body() string {
	if s.viewer != nil {
		title := s.paneTitle("Evidence and full record · q to go back", true, s.width)
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
	return lipgloss.JoinHorizontal(lipgloss.Top, tl, paint(s.styles.Muted, safetext.Text(sep)), pane)
}

func (s Screen) timelineTitle() safetext.Text {
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

func (s Screen) stepTitle() safetext.Text {
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
func (s Screen) footer() string {
	st := s.styles
	switch {
	case s.status != "" && s.statusError:
		return fit(paint(st.Error, safetext.LineWidth(s.status, s.width)), s.width)
	case s.status != "":
		return fit(paint(st.Footer, safetext.LineWidth(s.status, s.width)), s.width)
	case s.searching:
		return fit(s.search.View(), s.width)
	case s.viewer != nil:
		return fitLines(s.help.ShortHelpView(s.viewer.Keys.ShortHelp()), s.width)
	case s.form != nil:
		return fitLines(s.help.ShortHelpView(s.form.Keys.ShortHelp()), s.width)
	}
	if s.help.ShowAll {
		return fullHelp(s.help, s.Keys, s.width)
	}
	return fitLines(s.help.View(s.Keys), s.width)
}

// fullHelp draws help.Model's columns on a wide screen; on a narrow one
// (where help.Model would drop whole columns) it flows every working key
// into lines.
func fullHelp(h help.Model, km help.KeyMap, w int) string {
	if w >= wideAt {
		return h.FullHelpView(km.FullHelp())
	}
	var lines []string
	line := ""
	for _, group := range km.FullHelp() {
		for _, b := range group {
			if !b.Enabled() {
				continue
			}
			item := h.ShortHelpView([]key.Binding{b})
			switch {
			case line == "":
				line = item
			case lipgloss.Width(line)+3+lipgloss.Width(item) <= w:
				line += h.Styles.ShortSeparator.Render(" • ") + item
			default:
				lines = append(lines, line)
				line = item
			}
		}
	}
	return fitLines(strings.Join(append(lines, line), "\n"), w)
}

// fitLines cuts every line to w cells: help.Model can overrun its width
// when not even its ellipsis fits.
func fitLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, safetext.Ellipsis)
	}
	return strings.Join(lines, "\n")
}
