package review

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

// onKey routes a key to whatever is open: the evidence view, the form,
// the search input, the focused step pane, else the timeline.
func (s Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case s.viewer != nil:
		v, cmd := s.viewer.Update(k)
		s.viewer = &v
		return s, cmd
	case s.form != nil:
		f, cmd := s.form.Update(k)
		s.form = &f
		return s, cmd
	case s.searching:
		return s.onSearchKey(k)
	}
	km := s.activeKeys()
	switch {
	case key.Matches(k, km.Help):
		s.help.ShowAll = !s.help.ShowAll
		s.layout()
		return s, nil
	case key.Matches(k, km.Back):
		if s.pane.Focused() {
			s.focusTimeline()
			return s, nil
		}
		return s, common.Send(common.BackMsg{})
	case key.Matches(k, km.SwitchPane):
		if s.pane.Focused() {
			s.focusTimeline()
		} else {
			s.focusPane()
		}
		return s, nil
	case key.Matches(k, km.Focus):
		s.focusPane()
		return s, nil
	case key.Matches(k, km.Refresh):
		s.setStatus("Refreshed.", false)
		return s, s.Refresh()
	case key.Matches(k, km.Search):
		s.searching = true
		s.search.SetValue(s.query)
		s.search.CursorEnd()
		return s, s.search.Focus()
	case key.Matches(k, km.NextMatch, km.PrevMatch):
		if r := s.timeline.Selected(); r != nil {
			return s, s.cmds.search(s.incident, s.query, r.Cursor(), key.Matches(k, km.NextMatch))
		}
	case key.Matches(k, km.NextUnreviewed, km.PrevUnreviewed):
		if r := s.timeline.Selected(); r != nil {
			return s, s.cmds.nextUnreviewed(s.incident, r.Cursor(), key.Matches(k, km.NextUnreviewed))
		}
	case key.Matches(k, km.Evidence):
		s.openViewer()
		return s, nil
	case key.Matches(k, km.Metrics):
		return s, common.Send(common.OpenMetricsMsg{})
	case key.Matches(k, km.Followed):
		s.openForm(model.VerdictFollowed)
		return s, nil
	case key.Matches(k, km.Modified):
		s.openForm(model.VerdictModified)
		return s, nil
	case key.Matches(k, km.Ignored):
		s.openForm(model.VerdictIgnored)
		return s, nil
	case key.Matches(k, km.None):
		s.openForm(model.VerdictNone)
		return s, nil
	case key.Matches(k, km.Accept):
		s.openForm("")
		return s, nil
	}
	if s.pane.Focused() {
		var cmd tea.Cmd
		s.pane, cmd = s.pane.Update(k)
		return s, cmd
	}
	return s.onTimelineKey(k)
}

func (s Model) onTimelineKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := s.activeKeys()
	switch {
	case key.Matches(k, km.Up):
		s.timeline.Move(-1)
	case key.Matches(k, km.Down):
		s.timeline.Move(1)
	case key.Matches(k, km.PageUp):
		s.timeline.Move(-s.timeline.height)
	case key.Matches(k, km.PageDown):
		s.timeline.Move(s.timeline.height)
	case key.Matches(k, km.Top):
		if !s.timeline.atStart {
			return s, s.cmds.first(s.incident)
		}
		s.timeline.Move(-len(s.timeline.rows))
	case key.Matches(k, km.Bottom):
		if !s.timeline.atEnd {
			return s, s.cmds.last(s.incident)
		}
		s.timeline.Move(len(s.timeline.rows))
	default:
		return s, nil
	}
	return s, s.afterMove()
}

func (s Model) onSearchKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch k.Type {
	case tea.KeyEsc:
		s.searching = false
		s.search.Blur()
		return s, nil
	case tea.KeyEnter:
		s.searching = false
		s.search.Blur()
		s.query = strings.TrimSpace(s.search.Value())
		r := s.timeline.Selected()
		if s.query == "" || r == nil {
			return s, nil
		}
		// The first match after the selected row, searching on from the
		// start of the timeline when none follows.
		return s, s.cmds.searchWrap(s.incident, s.query, r.Cursor())
	}
	var cmd tea.Cmd
	s.search, cmd = s.search.Update(k)
	return s, cmd
}

func (s *Model) focusPane() {
	s.timeline.Blur()
	s.pane.Focus()
	s.paneShown = true
}

func (s *Model) focusTimeline() {
	s.pane.Blur()
	s.timeline.Focus()
	s.paneShown = false
}

// activeKeys are the keys with those that would do nothing now turned off,
// so the help line never offers them.
func (s Model) activeKeys() KeyMap {
	km := s.KeyMap
	d := s.pane.Detail()
	onStep := d != nil && d.step != nil
	hasRow := !s.timeline.Empty()
	for _, b := range []*key.Binding{&km.Followed, &km.Modified, &km.Ignored, &km.None, &km.Accept} {
		b.SetEnabled(onStep)
	}
	km.Evidence.SetEnabled(d != nil)
	km.NextMatch.SetEnabled(s.query != "" && hasRow)
	km.PrevMatch.SetEnabled(s.query != "" && hasRow)
	km.NextUnreviewed.SetEnabled(hasRow)
	km.PrevUnreviewed.SetEnabled(hasRow)
	for _, b := range []*key.Binding{&km.Up, &km.Down, &km.Top, &km.Bottom, &km.PageUp, &km.PageDown, &km.Search} {
		b.SetEnabled(hasRow)
	}
	km.Focus.SetEnabled(hasRow && !s.pane.Focused())
	if s.pane.Focused() {
		km.Back.SetHelp("q", "back to timeline")
	} else {
		km.Back.SetHelp("q", "back")
	}
	return km
}
