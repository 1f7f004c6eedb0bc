package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

// queueCommands are the commands of the pending-approvals queue: the
// workstation, deciding without it, and the stream of decisions made.
func (a *app) queueCommands() []*cobra.Command {
	return []*cobra.Command{
		a.queueCommand(),
		a.decideCommand(model.OutcomeApproved),
		a.decideCommand(model.OutcomeRejected),
		a.decideCommand(model.OutcomeDeferred),
		a.decisionsCommand(),
		a.claimCommand(),
		a.handoffCommand(),
	}
}

// decideCommand is approve, reject or defer: the same rules as the queue
// workstation, for scripts and response platforms.
func (a *app) decideCommand(outcome model.Outcome) *cobra.Command {
	var rationale, detail string
	var evidence []string
	verb := map[model.Outcome]string{model.OutcomeApproved: "approve", model.OutcomeRejected: "reject", model.OutcomeDeferred: "defer"}[outcome]
	cmd := &cobra.Command{
		Use:   verb + " ID",
		Short: decideShort[outcome],
		Long: decideLead[outcome] + `

ID is INCIDENT/ID, or a bare suggestion id when it is unique in the database.
The policy is enforced now: the person must be a known person of the
incident (never an agent) with the authority the action's tier needs, and a
rationale is required. A critical action needs two distinct people with
authority high: the first approval is recorded and awaits a second; a
rejection or deferral by one authorised person is final. An expired
suggestion cannot be approved. Once decided, a suggestion cannot be decided
again. The decision is recorded as D-<suggestion id>. Someone else's claim
on the item does not stop it (its holder may have gone home): the
recorded line is followed, on stderr, by a note naming whose claim it was,
as the queue's decision form names the holder. So is a decision on a
suggestion whose gate (signoff gate) stopped waiting, or whose --wait ran
out: the agent was already told no (or to ask its user), so the decision
is recorded but nothing will run it unless the agent asks again under the
same call id.

For a call an agent asked for through signoff gate, an approval lets the
whole call run: every argument, to the server that asked, not only the
action's detail. Read it first with "signoff pending" (or in the queue's
detail), which shows the call and every argument. The recorded line is
followed by that call ("call:", "arguments:"), with a modification's
changed arguments, so the terminal keeps what was decided.
` + approvesWhat[outcome] + `
--sign-key signs the decision with your SSH key (SSHSIG, namespace signoff),
kept with the record so anyone holding the export and the team's
allowed_signers file can check it with ssh-keygen (docs/IDENTITY.md). A
policy with require_signature refuses unsigned decisions at those tiers; one
that names its roster (signers) refuses a key the roster does not list for
you. Without a roster any key signs, and only verify --signers checks whose
it is.

Nothing is recorded on a record that does not verify: an entry the
decision reads, or a record cut short or rewritten since this machine last
checked it ("signoff verify --forget" accepts a backup restored on purpose).

Exit status 0 when recorded, 1 when the record does not verify, 2 when
refused (the reason is on stderr).`,
		Example: decideExample[outcome],
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, p, err := a.openWithPolicy(ctx)
			if err != nil {
				return err
			}
			ref, err := resolve(ctx, s, args[0])
			if err != nil {
				return noSuchSuggestion(err)
			}
			req := model.DecideRequest{Incident: ref.Incident, Suggestion: ref.ID, Person: a.actor(), Outcome: outcome,
				Rationale: rationale, Evidence: splitIDs(evidence)}
			if cmd.Flags().Changed("action-detail") {
				req.ActionDetail = &detail
			}
			// Read before deciding: what the decision lets run is printed
			// with it, for the terminal's record.
			sug, err := s.Event(ctx, ref.Incident, ref.ID)
			if err != nil {
				return err
			}
			statesAction(ctx, s, &req)
			if err := a.signDecision(ctx, s, &req); err != nil {
				return err
			}
			res, err := s.Decide(ctx, req, review.DecisionChecker(p))
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, decidedLine(res))
			for _, l := range decidedCall(sug, res) {
				fmt.Fprintln(a.stdout, l)
			}
			if c := res.HeldBy; c != nil {
				// As the queue screen says when its decision form opens.
				fmt.Fprintln(a.stderr, "signoff: note: "+safetext.Line(fmt.Sprintf("%s held %s (claimed at %s, until %s); decided all the same: a claim is not a decision",
					c.Person, c.Key(), review.Stamp(c.Since), review.Stamp(c.Until))).String())
			}
			if e := res.GateEnded; e != nil {
				// As the queue's detail and decision form say it.
				fmt.Fprintln(a.stderr, "signoff: note: "+safetext.Line(review.GateEnded(*e)).String())
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&rationale, "rationale", "", "why, for the record (required)")
	cmd.Flags().StringSliceVar(&evidence, "evidence", nil, "evidence reviewed: EV-1,EV-2")
	if outcome == model.OutcomeApproved {
		cmd.Flags().StringVar(&detail, "action-detail", "", "the changed action detail: turns the approval into a modification")
	}
	a.signKeyFlag(cmd)
	cmd.MarkFlagRequired("rationale")
	return cmd
}

// statesAction sets the action an approval confirms: the AI's suggested
// action, with --action-detail when given, which is all the command line
// shows anyone. A critical action's second approval otherwise approves
// whatever detail the first approver wrote, unseen; the rules refuse an
// approval that would record another action than the one confirmed, as
// they do for the queue's confirm step. When the item cannot be read as
// pending, nothing is set and the store's own refusal says why.
func statesAction(ctx context.Context, s database, req *model.DecideRequest) {
	if req.Outcome != model.OutcomeApproved {
		return
	}
	det, err := s.PendingDetail(ctx, req.Incident, req.Suggestion)
	if err != nil || det.Suggestion.Action == nil {
		return
	}
	a := *det.Suggestion.Action
	if req.ActionDetail != nil {
		a.Detail = *req.ActionDetail
	}
	req.Confirmed = &a
}

// signDecision signs the decision req asks for, as the store will record
// it, when a key was given.
func (a *app) signDecision(ctx context.Context, s database, req *model.DecideRequest) error {
	k, err := a.signer()
	if k == nil || err != nil {
		return err
	}
	defer k.Close()
	det, err := s.PendingDetail(ctx, req.Incident, req.Suggestion)
	if err != nil {
		return err
	}
	sig, err := k.Sign(review.DecisionStatement(req.Incident, &det.Suggestion, det.Item.FirstApproval, *req).Text())
	if err != nil {
		return model.Errorf(model.EINVALID, "the key %s could not sign the decision, so nothing was recorded: %v", k.Fingerprint(), err)
	}
	req.Signature = &sig
	return nil
}

var decideShort = map[model.Outcome]string{
	model.OutcomeApproved: "Approve a pending AI suggestion",
	model.OutcomeRejected: "Reject a pending AI suggestion",
	model.OutcomeDeferred: "Defer a pending AI suggestion: not now, the AI must suggest it again",
}

// decideLead opens each command's help: what it does, and as whom.
var decideLead = map[model.Outcome]string{
	model.OutcomeApproved: "Approve a pending AI suggestion as the --as person, the named owner.",
	model.OutcomeRejected: "Reject a pending AI suggestion as the --as person, the named owner.",
	model.OutcomeDeferred: `Defer a pending AI suggestion as the --as person, the named owner: not
now, the AI must suggest it again.`,
}

// approvesWhat is the part of the help only approve has: the flag that
// turns an approval into a modification.
var approvesWhat = map[model.Outcome]string{
	model.OutcomeApproved: `
An approval approves the action it states, the AI's or the AI's with
--action-detail: when the first approval of a critical action changed the
detail, the second gives that same --action-detail, or is refused naming it.
`,
}

var decideExample = map[model.Outcome]string{
	model.OutcomeApproved: `  signoff --as tomas approve INC-2046/S5 --rationale "single source, cheap to block" --evidence EV-3
  signoff --as alice approve INC-2046/S4 --rationale "snapshot first" --action-detail "Snapshot the disk, then delete"`,
	model.OutcomeRejected: `  signoff --as alice reject INC-2046/S6 --rationale "no sign the server is compromised" --evidence EV-1`,
	model.OutcomeDeferred: `  signoff --as alice defer INC-2046/S8 --rationale "export the bucket's logs once the backup job ends"`,
}

// decidedCall is, for a call an agent asked for through signoff gate, the
// whole call the decision is about, as an approval lets it run (with the
// changed arguments of a modification), laid out as pending lays it out;
// nothing for any other suggestion.
func decidedCall(sug model.Event, res model.DecideResult) []string {
	var act *model.Action
	switch {
	case res.Awaiting && res.FirstApproval != nil:
		act = &res.FirstApproval.Action
	case res.Decision != nil:
		act = res.Decision.Action
	}
	c, ok := review.ReadGatedCall(sug.RawOutput)
	if ok && act != nil && sug.Action != nil && act.Detail != sug.Action.Detail {
		c, ok = review.ReadGatedCallAs(sug.RawOutput, act.Detail)
	}
	if !ok {
		return nil
	}
	return callLines(c, "")
}

// splitIDs accepts "EV-1,EV-2" and repeated flags alike, ignoring blanks.
func splitIDs(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, id := range strings.Split(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// decidedLine says what was recorded, in one line.
func decidedLine(res model.DecideResult) string {
	where := res.Incident + "/" + res.Suggestion
	if res.Awaiting {
		fa := res.FirstApproval
		return string(safetext.Line(fmt.Sprintf("first approval of %s recorded by %s at %s; awaiting second approval (%s)",
			where, fa.By, review.Stamp(fa.At), review.Requirement(res.Tier))))
	}
	d := res.Decision
	what := ""
	if d.Action != nil {
		what = " " + d.Action.Type
		if d.Action.Target != "" {
			what += " → " + d.Action.Target
		}
	}
	var by []string
	for _, ap := range d.Approvals {
		by = append(by, ap.By)
	}
	approvals := ""
	if len(by) > 0 {
		approvals = ", approved by " + strings.Join(by, " and ")
	}
	return string(safetext.Line(fmt.Sprintf("recorded %s: %s %s%s (%s tier), owner %s%s, at %s",
		d.ID, d.Outcome, where, what, res.Tier, d.Owner, approvals, review.Stamp(d.At))))
}

// noSuchSuggestion adds to the store's "has no event" where the
// suggestions waiting for a decision are listed: a mistyped id left the
// reader with nothing to try.
func noSuchSuggestion(err error) error {
	msg := model.ErrorMessage(err)
	if model.ErrorCode(err) != model.ENOTFOUND || !strings.Contains(msg, " has no event ") {
		return err
	}
	return model.Errorf(model.ENOTFOUND, "%s: \"signoff pending\" lists the suggestions waiting for a decision", msg)
}
