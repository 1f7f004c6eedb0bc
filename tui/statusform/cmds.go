package statusform

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// HistoryMsg brings an incident's status changes.
type HistoryMsg struct {
	Incident string
	History  []model.StatusChange
	Err      error
}

// SavedMsg says what a change recorded, or why it was refused.
type SavedMsg struct {
	Result model.StatusResult
	Err    error
}

// LoadHistory reads an incident's status changes.
func LoadHistory(ctx context.Context, store model.StatusStore, incident string) tea.Cmd {
	return func() tea.Msg {
		h, err := store.StatusHistory(ctx, incident)
		return HistoryMsg{Incident: incident, History: h, Err: err}
	}
}

// Save records a change under the policy's rules.
func Save(ctx context.Context, store model.StatusStore, p *review.Policy, req model.StatusRequest) tea.Cmd {
	return func() tea.Msg {
		res, err := store.ChangeStatus(ctx, req, review.StatusChecker(p))
		return SavedMsg{Result: res, Err: err}
	}
}

// Recorded is the footer's sentence for a change recorded.
func Recorded(res model.StatusResult) string {
	s := "Recorded " + res.Change.ID + ": " + res.Incident + " is now " + string(res.Change.Status) + " (was " + string(res.Previous) + ")"
	if n := len(res.Deferred); n > 0 {
		s += "; " + suggestions(n) + " deferred as " + res.Change.By
	}
	return s + "."
}
