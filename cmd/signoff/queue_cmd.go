package main

import (
	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
)

func (a *app) queueCommand() *cobra.Command {
	claimFor := defaultClaim
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "Open the pending-approvals workstation",
		Long: `Open the queue of pending AI-recommended actions across open incidents, sorted
by tier (critical first), then the AI's rank, then age. The selected item
shows the AI's rationale, confidence and cue, the evidence it cited and
whether evidence for the target has been preserved, the alternatives, the
agent chain, what the tier needs and whether you may decide it.

Items are grouped by incident, each group headed by the incident's status
and its latest hand-off note; s sorts within them by tier, expiry or age.
/ filters by incident, tier, asset, agent and "mine" (what you hold), in any
combination (incident:INC-7 tier:high,critical asset:host-1 agent:triage
mine); the header shows the filter and esc clears it.

Decide as the --as person: a approve, m modify (change the action detail,
then approve), r reject, d defer. Each asks for a rationale and the evidence
reviewed; high and critical actions, and a call that came through signoff
gate whatever its tier, ask you to type the incident id or y to confirm,
under the action restated whole, with the gated call and every argument it
runs with (pgdn/pgup scroll a detail too long for the screen). A key the
policy will not let you use says why. With --sign-key every decision is
signed with your SSH key (docs/IDENTITY.md).

c claims an item ("I'm on it") for --claim-for, so everyone sees who holds
it and since when; a claim is not a decision and lapses. e shows the
evidence in full (summary, sha256, collector, time, URI) and y copies an id,
hash or URI to the clipboard (OSC 52). n writes a hand-off note for the next
shift; S changes the incident's status (resolving or closing defers what is
still pending only when you tick it).

New suggestions appear, decisions and claims made elsewhere show within the
refresh, and an item that expires on screen changes in place. A draft whose
item is decided elsewhere stays on screen, with who decided it, for you to
copy. Press ? for every key. docs/policy.md says which tier needs which
approval, docs/workstation.md describes the screen.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if claimFor <= 0 || claimFor > model.MaxClaim {
				return model.Errorf(model.EINVALID, "--claim-for %s is not a claim's length: give one up to %s (a claim is renewed by claiming again)", claimFor, model.MaxClaim)
			}
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			_, err = a.workstation(ctx, s, tui.Options{Start: tui.StartQueue, ClaimFor: claimFor}, true)
			return err
		},
	}
	a.signKeyFlag(cmd)
	cmd.Flags().DurationVar(&claimFor, "claim-for", defaultClaim, "how long a claim made with c holds unless renewed")
	return cmd
}
