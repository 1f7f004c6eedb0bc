package main

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
)

// runScreen runs the workstation on the alternate screen with the
// command's streams, its title set first.
func (a *app) runScreen(ctx context.Context, m *tui.App) error {
	if err := m.WriteTitle(a.stdout); err != nil {
		return model.Errorf(model.EINTERNAL, "the workstation could not write to the terminal: %v", err)
	}
	_, err := tea.NewProgram(m, tea.WithAltScreen(), tea.WithFPS(tui.FrameRate), tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(rawOutput(a.stdout))).Run()
	if err != nil && ctx.Err() == nil {
		return model.Errorf(model.EINTERNAL, "the workstation stopped: %v", err)
	}
	return nil
}
