package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
)

// chainState is where the check of the audit chain stands.
type chainState struct {
	verifying bool   // Options.VerifyChain has not answered yet
	problem   string // what is broken, "" when the chain is intact
}

// verifyChain runs Options.VerifyChain in a command, off the first frame.
func (a *App) verifyChain() tea.Cmd {
	verify, ctx := a.opts.VerifyChain, a.opts.Context
	if verify == nil {
		return nil
	}
	return func() tea.Msg {
		problem, err := verify(ctx)
		return chainMsg{problem, err}
	}
}

func (a *App) onChain(msg chainMsg) (tea.Model, tea.Cmd) {
	a.chain.verifying = false
	switch {
	case msg.err != nil && a.opts.Context.Err() != nil:
		// The workstation is closing: the check was cut short, not failed.
	case msg.err != nil:
		a.chain.problem = "the audit chain could not be verified: " + model.ErrorMessage(msg.err)
	default:
		a.chain.problem = msg.problem
	}
	a.picker.SetChain(a.chain.verifying, a.chain.problem)
	if a.hasScreen {
		a.screen.SetChain(a.chain.verifying, a.chain.problem)
	}
	return a, nil
}
