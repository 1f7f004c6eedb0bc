package signing

import (
	"fmt"

	"github.com/signoff/signoff/model"
)

// A signature proves a record only when its statement says what the record
// says. These checks hold each kind of signed record to its statement and
// verify the signature itself; a nil error means the record is exactly
// what the key's holder signed.

// DecisionRecord checks the owner's signature of a decision and every
// signed approval on it. A decision that carries another person's
// approval records both people's evidence, so a signer's evidence need
// only be among it.
func DecisionRecord(incident string, d *model.Event) error {
	if d.Signature != nil {
		if err := decisionBy(incident, d, d.Owner, d.Signature, true); err != nil {
			return fmt.Errorf("the owner's signature (%s): %w", d.Owner, err)
		}
	}
	for i := range d.Approvals {
		ap := &d.Approvals[i]
		if ap.Signature == nil {
			continue
		}
		if err := decisionBy(incident, d, ap.By, ap.Signature, false); err != nil {
			return fmt.Errorf("the approval by %s: %w", ap.By, err)
		}
	}
	return nil
}

func decisionBy(incident string, d *model.Event, by string, sig *model.Signature, owner bool) error {
	st, ok := parse[Decision](sig.Statement, KindDecision)
	if !ok {
		return errNotStatement("decision")
	}
	others := false
	for _, ap := range d.Approvals {
		others = others || ap.By != d.Owner
	}
	switch {
	case st.Incident != incident || st.Suggestion != d.Suggestion:
		return fmt.Errorf("its statement is about %s/%s, not %s/%s", st.Incident, st.Suggestion, incident, d.Suggestion)
	case st.By != by:
		return fmt.Errorf("its statement is by %s, not %s", st.By, by)
	case st.Outcome != d.Outcome:
		return fmt.Errorf("its statement says %s, the record %s", st.Outcome, d.Outcome)
	case !model.SameAction(st.Action, d.Action):
		return fmt.Errorf("its statement names another action than the record")
	case owner && st.Rationale != d.Rationale:
		return fmt.Errorf("its statement's rationale differs from the record's")
	case !subset(st.Evidence, d.EvidenceReviewed) || (!others && !sameIDs(st.Evidence, d.EvidenceReviewed)):
		return fmt.Errorf("its statement's evidence reviewed differs from the record's")
	}
	_, err := Check(sig)
	return err
}

// ApprovalRecord checks the signature of a first approval still awaiting
// its second.
func ApprovalRecord(pa *model.PendingApproval) error {
	if pa.Signature == nil {
		return nil
	}
	if pa.Signature.Statement != DecisionOfApproval(pa).Text() {
		if _, ok := parse[Decision](pa.Signature.Statement, KindDecision); !ok {
			return errNotStatement("decision")
		}
		return fmt.Errorf("its statement differs from the first approval it is recorded with")
	}
	_, err := Check(pa.Signature)
	return err
}

// VerdictRecord checks the reviewer's signature of a review verdict.
func VerdictRecord(incident string, r *model.Review) error {
	if r.Signature == nil {
		return nil
	}
	if r.Signature.Statement != VerdictOf(incident, r).Text() {
		if _, ok := parse[Verdict](r.Signature.Statement, KindVerdict); !ok {
			return errNotStatement("verdict")
		}
		return fmt.Errorf("its statement differs from the verdict it is recorded with")
	}
	_, err := Check(r.Signature)
	return err
}

// StatusRecord checks the signature of a status change: its statement is
// a status statement about this incident, by the change's person, naming
// its status and rationale. Whether it deferred pending work with it is
// the person's stated choice, which the deferrals recorded with the
// change (decisions of their own, each with its own signature) show.
func StatusRecord(incident string, c *model.StatusChange) error {
	if c.Signature == nil {
		return nil
	}
	st, ok := parse[StatusChange](c.Signature.Statement, KindStatus)
	if !ok {
		return errNotStatement("status")
	}
	switch {
	case st.Incident != incident:
		return fmt.Errorf("its statement is about %s, not %s", st.Incident, incident)
	case st.By != c.By:
		return fmt.Errorf("its statement is by %s, not %s", st.By, c.By)
	case st.Status != c.Status:
		return fmt.Errorf("its statement says %s, the record %s", st.Status, c.Status)
	case st.Rationale != c.Rationale:
		return fmt.Errorf("its statement's rationale differs from the record's")
	}
	_, err := Check(c.Signature)
	return err
}

func errNotStatement(kind string) error {
	return fmt.Errorf("its statement is not a signoff %s statement in canonical form", kind)
}
