package review

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/statusform"
)

// The incident's status from the review workstation: S opens the status
// form (tui/statusform, the queue's too) over the body, with the status
// history; the header says since when and by whom the status holds.

// statusWords is the header's status: "closed since 11-30 10:42 UTC by
// alice", or the status as imported.
func statusWords(sum model.IncidentSummary) safetext.Text {
	t := safetext.Line(string(sum.Status))
	if sum.StatusSince != nil {
		t += " since " + safetext.Text(sum.StatusSince.UTC().Format("01-02 15:04 UTC")) + " by " + safetext.Line(sum.StatusBy)
	}
	return t
}

// openStatus opens the status form on the incident, saying up front
// whether the person may change it.
func (s *Model) openStatus() tea.Cmd {
	if !s.counted {
		s.setStatus("Wait for the incident's header to load, then press S again.", false)
		return nil
	}
	f := statusform.New(s.Styles, s.incident, s.Person, s.summary.Status, s.summary.Pending).WithGateEnded(s.summary.PendingGateEnded)
	p, isPerson := s.index.People[s.Person]
	switch {
	case !isPerson:
		f.SetStanding("you (" + s.Person + ") are not a person of " + s.incident + ": you can read the history, not change the status")
	case !s.Policy.StatusRule().MayChangeStatus(&p, s.summary.Commander):
		f.SetStanding("you (" + s.Person + ", " + string(p.Authority) + ") cannot change it: the policy lets " + s.Policy.StatusRule().Who(s.summary.Commander) + " change it")
	}
	s.statusForm = &f
	// The header's count may predate another process's decision.
	return tea.Batch(statusform.LoadHistory(s.Common, s.incident), statusform.Count(s.Ctx, s.Store, s.incident))
}

// onStatusForm handles the status form's messages.
func (s Model) onStatusForm(msg tea.Msg) (Model, tea.Cmd) {
	f := s.statusForm
	switch msg := msg.(type) {
	case statusform.HistoryMsg:
		if f != nil && f.Incident() == msg.Incident {
			if msg.Err != nil {
				return s, s.fail(msg.Err)
			}
			f.SetHistory(msg)
		}
	case statusform.CountedMsg:
		if f != nil && f.Incident() == msg.Incident {
			if msg.Err != nil {
				return s, s.fail(msg.Err)
			}
			f.Recount(msg.Pending, msg.GateEnded)
		}
	case statusform.CancelMsg:
		s.statusForm = nil
	case statusform.SubmitMsg:
		if f != nil {
			f.Saving()
			return s, statusform.Save(s.Common, msg.Request)
		}
	case statusform.SavedMsg:
		if f == nil {
			return s, nil
		}
		if msg.Err != nil {
			f.Refused(msg)
			return s, nil
		}
		s.statusForm = nil
		s.setStatus(statusform.Recorded(msg.Result), false)
		return s, s.Refresh()
	}
	return s, nil
}

// statusBody draws the form over the body.
func (s Model) statusBody() string {
	h := max(1, s.Height-2-s.footerHeight()-len(s.chainBanner()))
	title := s.paneTitle("Incident status · esc to go back", true, s.Width)
	lines := s.statusForm.Lines(s.Width)
	if len(lines) > h-1 {
		lines = lines[:max(0, h-1)]
	}
	for len(lines) < h-1 {
		lines = append(lines, "")
	}
	out := title
	for _, l := range lines {
		out += "\n" + common.Fit(l, s.Width)
	}
	return out
}
