package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

// defaultClaim is how long a claim holds unless renewed.
const defaultClaim = 30 * time.Minute

// claimCommand claims or releases a queue item from a script, as the queue
// does with c.
func (a *app) claimCommand() *cobra.Command {
	var hold time.Duration
	var release bool
	cmd := &cobra.Command{
		Use:   "claim ID",
		Short: "Claim a pending AI suggestion (\"I'm on it\"), or release your claim",
		Long: `Claim a pending suggestion as the --as person, so everyone working the queue
sees who holds it and since when. A claim is not a decision: it decides
nothing, does not stop anyone from deciding (approve, reject and defer
tell them whose claim it was), and lapses after --for (at
most 12h) unless renewed (claiming it again renews it). While someone
else's claim holds, claiming is refused with their name. --release ends
your own claim.

Claims are coordination, kept outside the audit chain, the export, the
findings and the metrics.

ID is INCIDENT/ID, or a bare suggestion id when it is unique in the database.`,
		Example: `  signoff --as alice claim INC-2046/S3
  signoff --as alice claim INC-2046/S3 --for 1h
  signoff --as alice claim INC-2046/S3 --release`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			ref, err := resolve(ctx, s, args[0])
			if err != nil {
				return err
			}
			who := a.actor()
			if release {
				if err := s.Release(ctx, ref.Incident, ref.ID, who); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, safetext.Line(fmt.Sprintf("released %s: %s no longer holds it", ref, who)))
				return nil
			}
			c, err := s.Claim(ctx, ref.Incident, ref.ID, who, hold)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, safetext.Line(fmt.Sprintf("claimed %s: held by %s since %s, until %s",
				c.Key(), c.Person, review.Stamp(c.Since), review.Stamp(c.Until))))
			return nil
		},
	}
	cmd.Flags().DurationVar(&hold, "for", defaultClaim, "how long the claim holds unless renewed")
	cmd.Flags().BoolVar(&release, "release", false, "end your own claim instead")
	return cmd
}

// handoffCommand writes or lists an incident's hand-off notes.
func (a *app) handoffCommand() *cobra.Command {
	var note string
	var limit int
	cmd := &cobra.Command{
		Use:   "handoff INCIDENT",
		Short: "Write or read the hand-off notes of an incident, for the next shift",
		Long: `With --note, record a hand-off note on INCIDENT as the --as person, who must
be a person of the incident. Notes are append-only and named: each is a
record of the audit chain. No note is recorded on a record cut short or
rewritten since this machine last checked it: handoff exits 1 naming what
the record no longer holds, as when reading. The queue shows an incident's
latest note at the top of its group.

Without --note, list the incident's notes, newest first. Before listing,
it holds the record to the check this machine remembers of it, as export
does: a record cut short or rewritten since is still listed as it stands,
and handoff then exits 1 naming on stderr what the record no longer holds
("signoff verify --forget" accepts a backup restored on purpose).`,
		Example: `  signoff --as alice handoff INC-2046 --note "S3 waits for a second approval; dave is on call"
  signoff handoff INC-2046`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, err := a.open(ctx)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("note") {
				n, err := s.AddHandoffNote(ctx, model.HandoffNote{Incident: args[0], By: a.actor(), Text: note})
				if err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, safetext.Line(fmt.Sprintf("recorded a hand-off note on %s by %s at %s", n.Incident, n.By, review.Stamp(n.At))))
				return nil
			}
			if limit < 1 {
				// 0 would list nothing and say there are no notes; a
				// negative LIMIT is everything to SQLite, an error to
				// PostgreSQL.
				return model.Errorf(model.EINVALID, "--limit %d lists no notes; give 1 or more", limit)
			}
			return a.showHeld(ctx, s, "", "the hand-off notes above were read from", func() error {
				notes, err := s.HandoffNotes(ctx, args[0], limit)
				if err != nil {
					return err
				}
				if len(notes) == 0 {
					// Said with the way to write one, as the queue's n does.
					fmt.Fprintln(a.stdout, safetext.Line(args[0]+" has no hand-off notes yet; \"signoff --as YOU handoff "+args[0]+" --note TEXT\" writes one for the next shift (n in the queue does too)"))
				}
				for _, n := range notes {
					fmt.Fprintln(a.stdout, safetext.Line(fmt.Sprintf("%s  %s: %s", review.Stamp(n.At), n.By, n.Text)))
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "the note to record")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many notes to list")
	return cmd
}
