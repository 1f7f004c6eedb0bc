package review

import (
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// StepPane shows the selected row in full: for a step the AI suggestion,
// the human decisions, executions, evidence, findings and the review bar.
// It scrolls when focused.
type StepPane struct {
	styles  *common.Styles
	vp      viewport.Model
	focused bool
	detail  *detailMsg
	roster  rosterIndex
	policy  *rules.Policy
	width   int
	height  int
}

func NewStepPane(st *common.Styles, pol *rules.Policy) StepPane {
	vp := viewport.New(0, 0)
	vp.KeyMap.HalfPageDown.SetEnabled(false)
	vp.KeyMap.HalfPageUp.SetEnabled(false)
	return StepPane{styles: st, vp: vp, policy: pol}
}

func (s *StepPane) SetRoster(r rosterIndex) { s.roster = r }

// SetSize keeps the scroll position: a pane scrolled to its end (the
// verdict) stays there, and one rewrapped at a new width keeps its place
// in the step, clamped to what the new height can show.
func (s *StepPane) SetSize(w, h int) {
	changed := w != s.width
	off, total, atEnd := s.vp.YOffset, s.vp.TotalLineCount(), s.vp.YOffset > 0 && s.vp.AtBottom()
	s.width, s.height = w, h
	s.vp.Width, s.vp.Height = w, max(1, h)
	if changed {
		s.setContent()
		if n := s.vp.TotalLineCount(); total > 0 && n != total {
			off = (off*n + total/2) / total
		}
	}
	if atEnd {
		s.vp.GotoBottom()
		return
	}
	s.vp.SetYOffset(off)
}

func (s *StepPane) Focus()       { s.focused = true }
func (s *StepPane) Blur()        { s.focused = false }
func (s StepPane) Focused() bool { return s.focused }

// Detail returns what the pane shows, or nil while nothing is loaded.
func (s StepPane) Detail() *detailMsg { return s.detail }

// SetDetail shows a loaded row; a reload of the same row keeps the scroll.
func (s *StepPane) SetDetail(d detailMsg) {
	same := s.detail != nil && s.detail.rowID == d.rowID
	s.detail = &d
	off := s.vp.YOffset
	s.render()
	if same {
		s.vp.SetYOffset(off)
	}
}

// Clear empties the pane while the next row loads.
func (s *StepPane) Clear() {
	s.detail = nil
	s.render()
}

// render shows the pane's content from its top.
func (s *StepPane) render() {
	s.setContent()
	s.vp.GotoTop()
}

func (s *StepPane) setContent() {
	if s.width <= 0 {
		return
	}
	s.vp.SetContent(detailContent(s.styles, s.width, fieldCap, s.detail, s.roster, s.policy))
}

// detailContent renders a loaded row at a width; limit bounds long fields
// (0 shows them whole).
func detailContent(st *common.Styles, width, limit int, d *detailMsg, idx rosterIndex, pol *rules.Policy) string {
	p := &page{st: st, width: width, cap: limit}
	switch {
	case d == nil:
		p.line(common.Paint(st.Muted, "Loading…"))
	case d.step != nil:
		stepPage(p, d.step, idx, pol, d.findings)
	case d.event != nil:
		eventPage(p, d.event)
	case d.evidence != nil:
		evidenceRecord(p, d.evidence)
	}
	return p.String()
}

func (s StepPane) Update(msg tea.Msg) (StepPane, tea.Cmd) {
	if !s.focused {
		return s, nil
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return s, cmd
}

// GotoTop and GotoBottom show the very first and last lines of the step:
// the bottom is its verdict, the part a reviewer most wants to reach.
func (s *StepPane) GotoTop()    { s.vp.GotoTop() }
func (s *StepPane) GotoBottom() { s.vp.GotoBottom() }

func (s StepPane) View() string { return s.vp.View() }
