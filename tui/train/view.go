package train

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Layout, top to bottom: header, "so far" counts, the timeline up to now,
// the pane (current row, reveal or scorecard), the form while writing, and
// the footer (help, or a recoverable error).

func (m Model) timelineHeight() int {
	if m.phase == phaseScore {
		return 0
	}
	return min(12, max(3, m.Height/5))
}

func (m Model) footer() string {
	if m.status != "" {
		return common.Wrap(m.Styles.Error, m.status, m.Width)
	}
	if m.awayText != "" {
		return common.Wrap(m.Styles.Error, m.awayText, m.Width)
	}
	if m.note != "" {
		return common.Wrap(m.Styles.Bold, m.note, m.Width)
	}
	if m.help.ShowAll {
		return common.FullHelp(m.help, m.KeyMap, m.Width)
	}
	// As every screen's: ? and the way out always show, the keys before
	// them giving way from the right when the line is too narrow.
	return common.KeyLine(m.help, m.KeyMap, m.Width)
}

// layout sizes the pane to what is left.
func (m *Model) layout() {
	if m.Width == 0 {
		return
	}
	used := lipgloss.Height(m.header()) + 1 + lipgloss.Height(m.footer())
	if th := m.timelineHeight(); th > 0 {
		used += th + 2
	}
	if m.phase == phaseForm {
		used += lipgloss.Height(m.form.view(m.Styles, m.Width))
	}
	m.vp.Width, m.vp.Height = m.Width, max(1, m.Height-used)
}

func (m Model) viewer() view {
	return view{st: m.Styles, width: max(20, m.Width-1), roster: m.names, policy: m.Policy,
		authority: m.run.Authority, trainee: m.Person}
}

// content is the pane's text for the phase.
func (m Model) content() string {
	if m.Width == 0 {
		return ""
	}
	v := m.viewer()
	switch {
	case m.phase == phaseScore && m.card != nil:
		return v.scoreContent(*m.card, m.incident)
	case m.reveal != nil:
		return v.revealContent(m.reveal)
	}
	return v.currentContent(&m.replay)
}

func (m Model) View() string {
	if m.Width == 0 {
		return ""
	}
	var parts []string
	parts = append(parts, m.header(), m.progress())
	if th := m.timelineHeight(); th > 0 {
		parts = append(parts, m.rule("TIMELINE · up to now"), m.timeline(th), m.rule(m.paneTitle()))
	}
	parts = append(parts, m.vp.View())
	if m.phase == phaseForm {
		parts = append(parts, m.form.view(m.Styles, m.Width))
	}
	body := lipgloss.JoinVertical(lipgloss.Left, parts...)
	footer := m.footer()
	// A wrapped status takes lines from the body, never from the frame.
	room := max(0, m.Height-lipgloss.Height(footer))
	if lines := strings.Split(body, "\n"); len(lines) > room {
		body = strings.Join(lines[:room], "\n")
	}
	body = lipgloss.PlaceVertical(room, lipgloss.Top, body)
	return common.ClipLines(body, m.Width) + "\n" + footer
}

func (m Model) header() string {
	auth := "authority not judged"
	if m.run.Authority != "" {
		auth = "authority " + string(m.run.Authority)
	}
	now := "starting"
	if r := m.replay.now(); r != nil {
		now = "now " + r.At.UTC().Format("2006-01-02 15:04:05Z")
	}
	if m.phase == phaseScore {
		now = "finished"
	}
	h := safetext.Line(fmt.Sprintf("TRAINING %s · trainee %s · %s · %s", m.caseName(), m.Person, auth, now))
	out := m.Styles.Header.Render(string(safetext.Truncate(h, m.Width)))
	if m.open {
		// Said up front: the real decisions shown may not be the last.
		out += "\n" + common.Wrap(m.Styles.Error, "⚠ this incident is still open: its record may change while you train, and decisions still to come are not in it.", m.Width)
	}
	return out
}

// caseName names the incident in the header. Before the run has started
// it is not known yet whether the run hides it (a resume takes the
// run's own options), so it is not named.
func (m Model) caseName() string {
	switch {
	case m.cmds.anon != nil || m.run.ID != 0:
		return m.cmds.anon.header(m.opts.Incident)
	case m.opts.Anonymize:
		return caseID
	case m.opts.Resume != 0:
		return fmt.Sprintf("(resuming run %d)", m.opts.Resume)
	}
	return m.opts.Incident
}

// progress counts only what has been replayed: there is no total.
func (m Model) progress() string {
	c := m.replay.counts
	s := fmt.Sprintf("so far: %s · AI %d · human %d · exec %d · evidence %d · your choices %d",
		common.Count(len(m.replay.rows), "event"), c[model.KindSuggestion], c[model.KindDecision], c[model.KindExecution], c[model.KindEvidence], m.choices)
	return m.Styles.HeaderDim.Render(string(safetext.Truncate(safetext.Line(s), m.Width)))
}

func (m Model) paneTitle() string {
	switch m.phase {
	case phaseChoose:
		return "YOUR CALL · a approve · m modify · r reject · d defer"
	case phaseForm:
		return "YOUR CALL · write why, then enter to decide and see what really happened"
	case phaseReveal:
		return "REVEAL · space/n goes on"
	case phaseSaving:
		return "…"
	}
	return "NOW · space/n for the next event"
}

func (m Model) rule(title string) string {
	t := "── " + title + " "
	return m.Styles.PaneTitle.Render(string(safetext.Truncate(safetext.Text(t+strings.Repeat("─", max(0, m.Width-ansi.StringWidth(t)))), m.Width)))
}

// timeline draws the last rows up to now; the current row is marked.
func (m Model) timeline(h int) string {
	rows := m.replay.last(h)
	lines := make([]string, 0, h)
	for i, r := range rows {
		mark := "  "
		if i == len(rows)-1 {
			mark = "▸ "
		}
		kind := m.Styles.Kinds[r.Kind].Render(string(glyph(r.Kind)))
		actor := safetext.LineWidth(r.Actor, 14)
		text := safetext.Text(fmt.Sprintf(" %-4s %s%s %s", safetext.LineWidth(shownID(r), 8), actor,
			strings.Repeat(" ", max(0, 14-ansi.StringWidth(string(actor)))), safetext.Line(r.Summary)))
		head := mark + clock(r.At.UTC()) + " "
		rest := max(0, m.Width-ansi.StringWidth(head)-ansi.StringWidth(string(glyph(r.Kind))))
		line := head + kind + string(safetext.Truncate(text, rest))
		if i == len(rows)-1 {
			line = m.Styles.RowSelected.Render(ansi.Strip(line))
		}
		lines = append(lines, line)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrapped wraps safe text to the page width in one style.
func (p *page) wrapped(st lipgloss.Style, t safetext.Text) string {
	p.add(st, t, 0)
	return p.String()
}
