package queue

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
)

// A filter's incident:ID is typed, so it may be an id that only reads
// like a stored one ("INC‐2046" with a U+2010 hyphen): the list then
// shows nothing and "nothing pending matches" would hide why. When a
// filter naming an incident matches nothing, the store is asked whether
// the incident exists; its refusal of one that does not is the sentence
// every command gives, naming a stored id it reads like.

// filterIncidentMsg is the store's answer for the incident of a filter
// that matched nothing: err is ENOTFOUND when there is no such incident.
type filterIncidentMsg struct {
	incident string
	err      error
}

// filterIncident asks whether the filter's incident exists. The status
// history is the queue store's read of one incident, which refuses an
// absent one (and is small).
func (c cmds) filterIncident(incident string) tea.Cmd {
	return func() tea.Msg {
		_, err := c.store.StatusHistory(c.ctx, incident)
		return filterIncidentMsg{incident, err}
	}
}

// onFilterIncident says, in place of "nothing pending matches", that the
// filter's incident is not stored, while that filter is still on.
func (m Model) onFilterIncident(msg filterIncidentMsg) (Model, tea.Cmd) {
	if msg.incident == m.filter.Incident && model.ErrorCode(msg.err) == model.ENOTFOUND {
		m.setStatus(model.ErrorMessage(msg.err)+"; esc clears the filter.", true)
	}
	return m, nil
}
