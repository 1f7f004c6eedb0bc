package main

import (
	"github.com/spf13/cobra"

	"github.com/signoff/signoff/tui"
)

func (a *app) queueCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "Open the pending-approvals workstation",
		Long: `Open the queue of pending AI-recommended actions across open incidents, sorted
by tier (critical first), then the AI's rank, then age. The selected item
shows the AI's rationale, confidence and cue, the evidence it cited and
whether evidence for the target has been preserved, the alternatives, the
agent chain, what the tier needs and whether you may decide it.

Decide as the --as person: a approve, m modify (change the action detail,
then approve), r reject, d defer. Each asks for a rationale and the evidence
reviewed; high and critical actions ask you to type the incident id or y to
confirm. New suggestions appear and decisions made elsewhere disappear while
the queue is open. With --sign-key every decision is signed with your SSH key
(docs/IDENTITY.md). Press ? for every key. docs/policy.md says which tier
needs which approval, docs/workstation.md describes the screen.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			_, err = a.workstation(ctx, s, tui.Options{Start: tui.StartQueue}, false)
			return err
		},
	}
	a.signKeyFlag(cmd)
	return cmd
}
