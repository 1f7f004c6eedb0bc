package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// statusCommand shows an incident's status and its history, or changes it
// as the --as person.
func (a *app) statusCommand() *cobra.Command {
	var rationale string
	var deferPending, asJSON bool
	cmd := &cobra.Command{
		Use:   "status INCIDENT [open|contained|resolved|closed]",
		Short: "Show or change an incident's status, as an accountable record",
		Long: `With only INCIDENT, print the status in force and every status change: who
made it, when and why. Before printing, it holds the record to the check
this machine remembers of it, as export does: a record cut short or
rewritten since is still shown as it stands, and status then exits 1
naming on stderr what the record no longer holds ("signoff verify
--forget" accepts a backup restored on purpose).

With a status, change it as the --as person. The change is an append-only
record of the audit chain with its person, time and rationale (required).
Who may change a status is the policy's [status] table (by default the
incident's commander and people with authority high; an AI agent never).

Resolving or closing is refused while AI suggestions are pending, naming
them: decide or defer each first (signoff approve, reject, defer, or the
queue), or give --defer-pending to record a deferral of each, as you, in
the same write as the change. Each deferral must pass the queue's rules
(your authority for its tier). A resolved or closed incident leaves the
queue at once; reopening it (open or contained) brings back what is still
pending.

--sign-key signs the change with your SSH key (SSHSIG, namespace signoff),
and with --defer-pending each deferral too, kept with the record so anyone
holding the export and the team's allowed_signers file can check it with
ssh-keygen (docs/IDENTITY.md).

No change is recorded on a record cut short or rewritten since this
machine last checked it: status exits 1 naming what the record no longer
holds, as when reading.

Exit status 0 when shown or recorded, 1 when shown from, or refused on, a
record that does not verify, 2 when refused (the reason is on stderr).`,
		Example: `  signoff status INC-2046
  signoff --as alice status INC-2046 contained --rationale "token revoked, gateway isolated"
  signoff --as alice status INC-2046 closed --rationale "post-incident review done" --defer-pending
  signoff --as alice status INC-2046 closed --rationale "review done" --defer-pending --sign-key ~/.ssh/id_ed25519`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, p, err := a.openWithPolicy(ctx)
			if err != nil {
				return err
			}
			if len(args) == 1 {
				if cmd.Flags().Changed("rationale") || deferPending || cmd.Flags().Changed("sign-key") {
					return model.Errorf(model.EINVALID, "name the new status: signoff status %s open|contained|resolved|closed --rationale TEXT", args[0])
				}
				return a.showHeld(ctx, s, "", "the status above was read from", func() error {
					return a.showStatus(cmd, args[0], asJSON)
				})
			}
			st := model.Status(args[1])
			if !st.Valid() {
				return model.Errorf(model.EINVALID, "%q is not a status; expected open, contained, resolved or closed", args[1])
			}
			if !cmd.Flags().Changed("rationale") {
				return model.Errorf(model.EINVALID, "a status change needs --rationale TEXT: say why, for the record")
			}
			if deferPending && !st.Closes() {
				return model.Errorf(model.EINVALID, "--defer-pending goes with resolved or closed; an %s incident keeps its queue", st)
			}
			req := model.StatusRequest{Incident: args[0], Status: st, Person: a.actor(), Rationale: rationale, DeferPending: deferPending}
			if err := a.signStatus(ctx, s, &req); err != nil {
				return err
			}
			res, err := s.ChangeStatus(ctx, req, review.StatusChecker(p))
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, statusLine(res))
			return nil
		},
	}
	cmd.Flags().StringVar(&rationale, "rationale", "", "why, for the record (required to change the status)")
	cmd.Flags().BoolVar(&deferPending, "defer-pending", false, "resolving or closing: defer every pending suggestion as you, in the same write")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the status and its history as JSON")
	a.signKeyFlag(cmd)
	return cmd
}

// signStatus signs the change req asks for when a key was given: the
// change, and each deferral it will record, as the store reads the
// pending work inside its write.
func (a *app) signStatus(ctx context.Context, s model.StatusStore, req *model.StatusRequest) error {
	k, err := a.signer()
	if k == nil || err != nil {
		return err
	}
	defer k.Close()
	var pending []string
	list := &pending
	if !req.DeferPending || !req.Status.Closes() {
		list = nil
	}
	_, err = s.ChangeStatus(ctx, *req, review.ListToSign(&req.After, list))
	if err := review.Listed(err); err != nil {
		return err
	}
	if err := review.SignStatus(req, pending, k.Sign); err != nil {
		return model.Errorf(model.EINVALID, "the key %s could not sign the status change, so nothing was recorded: %v", k.Fingerprint(), err)
	}
	return nil
}

// statusShown is what `status INCIDENT --json` prints.
type statusShown struct {
	Incident string               `json:"incident"`
	Status   model.Status         `json:"status"`
	Imported model.Status         `json:"imported_status"`
	History  []model.StatusChange `json:"history"`
	// Pending counts the suggestions still pending, PendingGateEnded
	// those of them whose gate already answered its agent (docs/GATE.md):
	// pending all the same, so resolving or closing counts them.
	Pending          int `json:"pending"`
	PendingGateEnded int `json:"pending_gate_ended"`
}

func (a *app) showStatus(cmd *cobra.Command, incident string, asJSON bool) error {
	ctx := cmd.Context()
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	// The incident's own record and its changes, not the whole document:
	// an incident of a million events shows its status at once. The
	// status in force comes from the history read, so the two agree.
	sum, err := s.IncidentSummary(ctx, incident)
	if err != nil {
		return err
	}
	history, err := s.StatusHistory(ctx, incident)
	if err != nil {
		return err
	}
	rec := sum.Recorded()
	shown := statusShown{Incident: rec.ID, Status: model.CurrentStatus(rec.Status, history), Imported: rec.Status,
		History: append([]model.StatusChange{}, history...), Pending: sum.Pending, PendingGateEnded: sum.PendingGateEnded}
	if asJSON {
		return writeJSON(a.stdout, shown)
	}
	head := fmt.Sprintf("%s is %s", shown.Incident, shown.Status)
	if c := model.LatestChange(history); c != nil {
		head += fmt.Sprintf(" since %s (%s by %s)", review.Stamp(c.At), c.ID, c.By)
	} else {
		head += ", as imported; no status change has been recorded"
	}
	fmt.Fprintln(a.stdout, safetext.Line(head))
	fmt.Fprintln(a.stdout, safetext.Line(pendingSentence(shown.Pending, shown.PendingGateEnded)))
	if len(history) == 0 {
		return nil
	}
	// The key behind each change gets a column when any change has one.
	keyed := false
	for _, c := range history {
		keyed = keyed || model.ProvenBy(c.SessionKey, c.Signature) != ""
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "imported as %s\n", safetext.Line(string(shown.Imported)))
	if keyed {
		fmt.Fprintln(tw, "ID\tAT\tSTATUS\tBY\tKEY\tRATIONALE")
	} else {
		fmt.Fprintln(tw, "ID\tAT\tSTATUS\tBY\tRATIONALE")
	}
	var policy *review.Policy
	if keyed {
		// "signed" only of a signature that holds by the policy's
		// roster, as the screens and the report say it.
		if policy, err = a.policy(); err != nil {
			return err
		}
	}
	for i, c := range history {
		by := string(safetext.Line(c.By))
		if keyed {
			by += "\t" + keyWords(policy.StatusProof(rec.ID, history, i))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", safetext.Line(c.ID), review.Stamp(c.At), safetext.Line(string(c.Status)), by,
			safetext.Truncate(safetext.Line(c.Rationale), 80))
	}
	return tw.Flush()
}

// keyWords says which key proves a record and how, as the screens say it
// (common.Proof): "SHA256:… (signed)" only for a signature that holds,
// "SHA256:… (logged in)" for a signoff serve session's, "-" for none.
func keyWords(pr review.Proof) string {
	if w := common.Proof(pr); w != "" {
		return string(w)
	}
	return "-"
}

// statusLine says what a change recorded, in one line.
func statusLine(res model.StatusResult) string {
	c := res.Change
	line := fmt.Sprintf("recorded %s: %s is now %s (was %s), by %s at %s", c.ID, res.Incident, c.Status, res.Previous, c.By, review.Stamp(c.At))
	if n := len(res.Deferred); n > 0 {
		var ids []string
		for _, d := range res.Deferred {
			id := d.ID
			if slices.Contains(res.DeferredGateEnded, d.Suggestion) {
				id += " (gate ended)"
			}
			ids = append(ids, id)
		}
		shown := ids
		if len(shown) > 10 {
			shown = append(shown[:10:10], fmt.Sprintf("and %d more", n-10))
		}
		what := fmt.Sprintf("%d pending suggestions", n)
		if n == 1 {
			what = "1 pending suggestion"
		}
		line += fmt.Sprintf("; deferred %s as %s: %s", what, c.By, strings.Join(shown, ", ")) + deferredGateEnded(n, len(res.DeferredGateEnded))
	}
	return string(safetext.Line(line))
}

// deferredGateEnded says, when the gate of ended of the n suggestions a
// close deferred had already answered its agent, that nothing runs their
// deferral, as the refusal before it said of the items.
func deferredGateEnded(n, ended int) string {
	switch {
	case ended == 0:
		return ""
	case ended == 1 && n == 1:
		return "; its gate already answered its agent, so its deferral runs nothing"
	case ended == 1:
		return "; the gate of 1 of them already answered its agent, so its deferral runs nothing"
	}
	return fmt.Sprintf("; the gates of %d of them already answered their agents, so their deferrals run nothing", ended)
}

// pendingSentence says what is still pending, and how many of those their
// gate already answered: they count when the incident is resolved or
// closed, but a decision on one runs nothing.
func pendingSentence(pending, gateEnded int) string {
	switch {
	case pending == 0:
		return "nothing pending"
	case gateEnded == 0:
		return review.PendingCount(pending, 0) + ": resolving or closing needs each decided or deferred"
	}
	return review.PendingCount(pending, gateEnded) + ": resolving or closing needs each decided or deferred; " +
		"a gate that ended already answered its agent, so a decision on its item records the call and runs nothing (signoff pending)"
}
