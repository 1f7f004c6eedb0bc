package tui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model/chain"
)

// incidentChecker is a store that holds one incident's rows to its part
// of the audit chain on request (db.DB.CheckIncident); what it finds, its
// ReadFault says.
type incidentChecker interface {
	CheckIncident(ctx context.Context, incident string) (chain.Pass, error)
}

// incidentCheckedMsg says the check of an incident's rows has ended, and
// what the store's reads have found since (model.Store.ReadFault).
type incidentCheckedMsg struct{ fault string }

// checkIncident runs the store's check of an incident's rows in the
// background, once per incident a run opens, when the workstation checks
// the chain at all (Options.VerifyChain). The chain's check at the start
// goes through what was appended since the last whole check and compares
// no derived table, so a row deleted since showed as the record; this one
// costs a pass over the incident shown, not the whole record. Its finding
// reaches the screens as every read's does (ReadFault), at once.
func (a *App) checkIncident(incident string) tea.Cmd {
	c, ok := a.Store.(incidentChecker)
	if !ok || a.opts.VerifyChain == nil || a.checked[incident] {
		return nil
	}
	if a.checked == nil {
		a.checked = map[string]bool{}
	}
	a.checked[incident] = true
	ctx, store := a.Ctx, a.Store
	return func() tea.Msg {
		// An error is a read's like any other: the screen's own reads
		// say it; a fault found is in ReadFault.
		_, _ = c.CheckIncident(ctx, incident)
		return incidentCheckedMsg{store.ReadFault()}
	}
}

// onReadFault shows what the store's reads found wrong with the record.
func (a *App) onReadFault(fault string) {
	if fault != a.chain.readFault {
		a.chain.readFault = fault
		a.showChain()
	}
}
