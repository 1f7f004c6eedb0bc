package main

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
)

// runScreen runs a full-screen program on the alternate screen with the
// command's streams.
func (a *app) runScreen(ctx context.Context, m tea.Model) error {
	_, err := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run()
	if err != nil && ctx.Err() == nil {
		return model.Errorf(model.EINTERNAL, "the workstation stopped: %v", err)
	}
	return nil
}
