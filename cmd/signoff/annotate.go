package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/spf13/cobra"
)

func (a *app) annotateCommand() *cobra.Command {
	var verdict, outcome, correct, note string
	cmd := &cobra.Command{
		Use:   "annotate SUBJECT",
		Short: "Record a review verdict without the workstation",
		Long: `Record a review verdict on a review subject: the suggestion id where the step
began with an AI suggestion, else the human decision id. SUBJECT is
INCIDENT/ID, or a bare ID when it is unique in the database.

The verdict is recorded as the --as person, who must be a known person of
the incident. Verdicts are append-only: a new verdict supersedes the
previous one and both stay in the record. Verdicts go by time: when one on
the subject is timed after this machine's clock (from a feed whose clock
runs ahead), annotate records the new verdict and warns that the later one
stays in force until then. --verdict proposed takes the verdict signoff
proposes from the data (followed, modified, ignored or none). A verdict that
disagrees with that proposal needs --note saying why, and is reported as the
verdict-contradicts-record finding; none is refused on a step that began
with an AI suggestion (docs/findings.md). --sign-key signs the verdict with
your SSH key (docs/IDENTITY.md).

No verdict is recorded on a record cut short or rewritten since this
machine last checked it: annotate exits 1 naming what the record no longer
holds ("signoff verify --forget" accepts a backup restored on purpose).`,
		Example: `  signoff --as mara annotate INC-2041/S2 --verdict modified --outcome-changed yes --ai-correct partial \
      --note "owner kept the EDR and MDM channels open"
  signoff --as mara annotate INC-2041/S3 --verdict proposed --outcome-changed no --ai-correct yes`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			s, p, err := a.openWithPolicy(ctx)
			if err != nil {
				return err
			}
			ref, err := resolve(ctx, s, args[0])
			if err != nil {
				return err
			}
			step, err := s.Step(ctx, ref.Incident, ref.ID)
			if err != nil {
				return err
			}
			if step.Subject != ref.ID {
				return model.Errorf(model.EINVALID, "%s is not a review subject; its step is reviewed as %s/%s", ref, ref.Incident, step.Subject)
			}
			v := model.Verdict(verdict)
			if verdict == "proposed" {
				v = review.ProposeVerdict(step).Verdict
			}
			rv := model.Review{Subject: step.Subject, Reviewer: a.actor(), Verdict: v,
				OutcomeChanged: model.OutcomeChanged(outcome), AICorrect: model.AICorrect(correct), Note: note}
			if err := checkVerdictFlags(rv); err != nil {
				return err
			}
			// Who may record comes first: a stranger is told so before
			// anything about the verdict.
			roster, err := s.Roster(ctx, ref.Incident)
			if err != nil {
				return err
			}
			if _, ok := roster.Index().People[rv.Reviewer]; !ok {
				if kind, other, found := alike.InRoster(roster, rv.Reviewer); found {
					return model.ActsAsLookAlike(rv.Reviewer, ref.Incident, kind, other)
				}
				return model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot record a review verdict; use --as PERSON", rv.Reviewer, ref.Incident)
			}
			// A verdict against what the record shows needs a word of why,
			// as in the workstation.
			disagrees := ""
			if p := review.ProposeVerdict(step); p.Verdict != "" && p.Verdict != v {
				disagrees = fmt.Sprintf("%s disagrees with the record of %s/%s, which shows %s", v, ref.Incident, step.Subject, p.Reason)
				if strings.TrimSpace(note) == "" {
					return model.Errorf(model.EINVALID, "%s; say why with --note", disagrees)
				}
			}
			rv.After = model.VerdictRef(step.Subject, len(step.Reviews)) // the verdict a signature follows
			if err := a.signVerdict(ref.Incident, &rv, p); err != nil {
				return err
			}
			saved, err := s.RecordReview(ctx, ref.Incident, rv)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, safetext.Line(fmt.Sprintf("recorded %s on %s/%s by %s at %s", saved.Verdict, ref.Incident, saved.Subject,
				saved.Reviewer, review.Stamp(saved.At))))
			if disagrees != "" {
				fmt.Fprintf(a.stderr, "signoff: warning: %s; findings report it as verdict-contradicts-record\n", safetext.Line(disagrees))
			}
			if d := step.FinalDecision(); d != nil && d.Owner == saved.Reviewer {
				fmt.Fprintf(a.stderr, "signoff: warning: %s owns the decision this verdict judges (self-review)\n", safetext.Line(saved.Reviewer))
			}
			a.warnNotInForce(&step, ref.Incident, saved)
			return nil
		},
	}
	cmd.Flags().StringVar(&verdict, "verdict", "", "followed, modified, ignored, none, or proposed (required)")
	cmd.Flags().StringVar(&outcome, "outcome-changed", "unknown", "did the AI input change what was done: yes, no or unknown")
	cmd.Flags().StringVar(&correct, "ai-correct", "unknown", "was the AI right in hindsight: yes, no, partial or unknown")
	cmd.Flags().StringVar(&note, "note", "", "the reviewer's note")
	a.signKeyFlag(cmd)
	cmd.MarkFlagRequired("verdict")
	return cmd
}

// signVerdict signs the verdict when a key was given, and refuses a key
// the policy's roster does not list for the reviewer.
func (a *app) signVerdict(incident string, r *model.Review, p *review.Policy) error {
	k, err := a.signer()
	if k == nil || err != nil {
		return err
	}
	defer k.Close()
	sig, err := k.Sign(signing.VerdictOf(incident, r, r.After).Text())
	if err != nil {
		return model.Errorf(model.EINVALID, "the key %s could not sign the verdict, so nothing was recorded: %v", k.Fingerprint(), err)
	}
	r.Signature = &sig
	return p.CheckSigner("the verdict on "+r.Subject+" of "+incident, r.Reviewer, r.Signature, time.Now())
}

// checkVerdictFlags names the flag at fault rather than the record field.
func checkVerdictFlags(r model.Review) error {
	switch {
	case !r.Verdict.Valid():
		return model.Errorf(model.EINVALID, "--verdict is %q; expected followed, modified, ignored, none or proposed", r.Verdict)
	case !r.OutcomeChanged.Valid():
		return model.Errorf(model.EINVALID, "--outcome-changed is %q; expected yes, no or unknown", r.OutcomeChanged)
	case !r.AICorrect.Valid():
		return model.Errorf(model.EINVALID, "--ai-correct is %q; expected yes, no, partial or unknown", r.AICorrect)
	}
	return nil
}
