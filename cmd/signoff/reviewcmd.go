package main

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
	"github.com/spf13/cobra"
)

func (a *app) reviewCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "review [INCIDENT]",
		Short: "Open the review workstation (the incident picker when no id is given)",
		Long: `Open the review workstation in the terminal. Walk an incident's timeline, read
each AI suggestion beside the human decision and the evidence, and record
where the AI was followed, modified or ignored. Verdicts are recorded as the
--as person, who must be a known person of the incident.

Press ? inside the workstation for every key.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.open(cmd.Context())
			if err != nil {
				return err
			}
			incident := ""
			if len(args) == 1 {
				incident = args[0]
				if _, err := s.IncidentSummary(cmd.Context(), incident); err != nil {
					return err
				}
			}
			return a.runWorkstation(cmd.Context(), s, incident, a.actor())
		},
	}
}

// runWorkstation opens the review workstation on the alternate screen.
func (a *app) runWorkstation(ctx context.Context, s *db.DB, incident, person string) error {
	p, err := a.policy()
	if err != nil {
		return err
	}
	app := tui.NewApp(tui.Options{Store: s, Person: person, Incident: incident, Policy: p,
		ChainProblem: chainProblem(ctx, s), Context: ctx})
	_, err = tea.NewProgram(app, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithInput(a.stdin), tea.WithOutput(a.stdout)).Run()
	if err != nil && ctx.Err() == nil {
		return model.Errorf(model.EINTERNAL, "the workstation stopped: %v", err)
	}
	return nil
}
