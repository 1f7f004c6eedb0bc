package review

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
)

// at loads a window around one event or evidence record named by id. The
// keyset position comes from the record's own time, so opening at the
// millionth event costs what opening at the first does: nothing is read
// from the start of the timeline.
func (c storeCmds) at(r reader, gen int, inc, id string) tea.Cmd {
	return func() tea.Msg {
		pos, err := c.position(inc, id)
		if model.ErrorCode(err) == model.ENOTFOUND {
			msg := r.first(gen)().(windowMsg)
			msg.note = "There is no event " + id + " in " + inc + "; showing the start of the timeline."
			return msg
		}
		if err != nil {
			return windowMsg{gen: gen, err: err}
		}
		return r.aroundMsg(gen, pos)
	}
}

// position is the timeline cursor of an event, or of an evidence record
// (whose row sits at its collection time).
func (c storeCmds) position(inc, id string) (model.Cursor, error) {
	ev, err := c.store.Event(c.ctx, inc, id)
	if err == nil {
		return model.Cursor{At: ev.At, ID: ev.ID}, nil
	}
	if model.ErrorCode(err) != model.ENOTFOUND {
		return model.Cursor{}, err
	}
	evd, eerr := c.store.Evidence(c.ctx, inc, id)
	if model.ErrorCode(eerr) == model.ENOTFOUND {
		return model.Cursor{}, err // the event's ENOTFOUND names what was asked for
	}
	if eerr != nil {
		return model.Cursor{}, eerr
	}
	return model.Cursor{At: evd.CollectedAt, ID: evd.ID}, nil
}

// Show selects a row by id: in the window when it is there, else in a
// window loaded around it. step also shows the step pane, for a reader
// who asked to open a step (the dashboard's enter). Before the roster has
// arrived the row becomes the one to open at: the first window, read once
// it comes, would otherwise replace this one with the row first asked for.
func (s *Model) Show(id string, step bool) tea.Cmd {
	if step {
		s.focusPane()
		s.layout()
	}
	s.focus = id
	if !s.opened {
		return nil
	}
	for i, r := range s.timeline.rows {
		if r.ID == id {
			s.timeline.Move(i - s.timeline.cursor)
			return s.afterMove()
		}
	}
	return s.cmds.at(s.reader(), s.timeline.NewWindow(), s.incident, id)
}
