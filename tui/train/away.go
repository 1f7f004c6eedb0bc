package train

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

// asked names the store request a run waits on that found the server
// away (a restart); it is asked again once the server is back.
type asked int

const (
	askedNothing asked = iota
	askedStart         // the run's start, or its resume
	askedReplay        // the rows a resumed run has been through
	askedRow           // the next row
	askedFinish        // the close of a run that reached the end
	askedScore         // the scorecard of a run closed at its end
	askedClose         // the close of a run left with q
)

// isAway reports whether err says the server is away: the run waits,
// the workstation does not end.
func isAway(err error) bool { return model.ErrorCode(err) == model.EUNAVAILABLE }

// wait notes that what found the server away: the footer says so until
// it is asked again, and space/n asks now (but for a run being left:
// its keys wait for the screen it goes back to, and ctrl+c leaves).
func (m *Model) wait(what asked, err error) {
	m.away, m.awayText = what, model.ErrorMessage(err)+"; space/n tries now."
	if what == askedClose {
		m.awayText = model.ErrorMessage(err) + "; the run is closed and training left then. ctrl+c leaves now, the run open: --resume goes on with it."
	} else {
		m.KeyMap.Next.SetEnabled(true)
	}
	m.layout()
}

// failed takes an answer's error: the server away is waited for (what
// is asked again once it is back), any other error ends on the fatal
// screen. It reports false, and does nothing, when there is none.
func (m *Model) failed(what asked, err error) (tea.Cmd, bool) {
	switch {
	case err == nil:
		return nil, false
	case isAway(err):
		m.wait(what, err)
		return nil, true
	}
	return common.Send(common.FatalMsg{Err: err}), true
}

// Refresh asks the store again for what found the server away, once the
// router sees it back; nothing else of a run is read again.
func (m *Model) Refresh() tea.Cmd {
	what := m.away
	if what == askedNothing {
		return nil
	}
	m.away, m.awayText = askedNothing, ""
	m.KeyMap.forPhase(m.phase)
	m.layout()
	switch what {
	case askedStart:
		// The answer that found the server away is in the old channel.
		m.started = make(chan startedMsg, 1)
		return m.Init()
	case askedReplay:
		return m.cmds.resume(m.run.Choices)
	case askedRow:
		m.setPhase(phaseSaving) // as space/n does: no second read meanwhile
		return m.cmds.next(m.replay.cursor())
	case askedFinish:
		return m.cmds.finish(m.run.ID, m.Now())
	case askedScore:
		return m.cmds.score(m.run)
	case askedClose:
		return m.close()
	}
	return nil
}
