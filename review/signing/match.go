package signing

import (
	"fmt"

	"golang.org/x/crypto/ssh"

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
	_, err := DecisionKeys(incident, d)
	return err
}

// DecisionKeys checks the decision as DecisionRecord does and returns the
// key that made each signature, so a roster can judge it without checking
// the signature again: the owner's first, then each approval's in order,
// nil where there is no signature.
func DecisionKeys(incident string, d *model.Event) ([]ssh.PublicKey, error) {
	keys := make([]ssh.PublicKey, 1+len(d.Approvals))
	if d.Signature != nil {
		k, err := decisionBy(incident, d, d.Owner, d.Signature, true)
		if err != nil {
			return nil, fmt.Errorf("the owner's signature (%s): %w", d.Owner, err)
		}
		keys[0] = k
	}
	for i := range d.Approvals {
		ap := &d.Approvals[i]
		if ap.Signature == nil {
			continue
		}
		k, err := decisionBy(incident, d, ap.By, ap.Signature, false)
		if err != nil {
			return nil, fmt.Errorf("the approval by %s: %w", ap.By, err)
		}
		keys[1+i] = k
	}
	return keys, nil
}

// DecisionSignerKey checks one signature on decision d on its own, as
// DecisionKeys checks each: i 0 is the owner's, i > 0 that of approval
// i-1. It returns the key that made it, nil when there is none, so a
// screen can say which of a decision's signatures holds.
func DecisionSignerKey(incident string, d *model.Event, i int) (ssh.PublicKey, error) {
	if i == 0 {
		if d.Signature == nil {
			return nil, nil
		}
		return decisionBy(incident, d, d.Owner, d.Signature, true)
	}
	ap := &d.Approvals[i-1]
	if ap.Signature == nil {
		return nil, nil
	}
	return decisionBy(incident, d, ap.By, ap.Signature, false)
}

func decisionBy(incident string, d *model.Event, by string, sig *model.Signature, owner bool) (ssh.PublicKey, error) {
	st, ok := parse[Decision](sig.Statement, KindDecision)
	if !ok {
		return nil, errNotStatement("decision")
	}
	others := false
	for _, ap := range d.Approvals {
		others = others || ap.By != d.Owner
	}
	switch {
	case st.Incident != incident || st.Suggestion != d.Suggestion:
		return nil, fmt.Errorf("its statement is about %s/%s, not %s/%s", st.Incident, st.Suggestion, incident, d.Suggestion)
	case st.By != by:
		return nil, fmt.Errorf("its statement is by %s, not %s", st.By, by)
	case st.Outcome != d.Outcome:
		return nil, fmt.Errorf("its statement says %s, the record %s", st.Outcome, d.Outcome)
	case !model.SameAction(st.Action, d.Action):
		return nil, fmt.Errorf("its statement names another action than the record")
	case owner && st.Rationale != d.Rationale:
		return nil, fmt.Errorf("its statement's rationale differs from the record's")
	case !subset(st.Evidence, d.EvidenceReviewed) || (!others && !sameIDs(st.Evidence, d.EvidenceReviewed)):
		return nil, fmt.Errorf("its statement's evidence reviewed differs from the record's")
	}
	return Check(sig)
}

// ApprovalRecord checks the signature of a first approval still awaiting
// its second.
func ApprovalRecord(pa *model.PendingApproval) error {
	_, err := ApprovalKey(pa)
	return err
}

// ApprovalKey checks as ApprovalRecord does and returns the key that made
// the signature, nil when there is none.
func ApprovalKey(pa *model.PendingApproval) (ssh.PublicKey, error) {
	if pa.Signature == nil {
		return nil, nil
	}
	if pa.Signature.Statement != DecisionOfApproval(pa).Text() {
		if _, ok := parse[Decision](pa.Signature.Statement, KindDecision); !ok {
			return nil, errNotStatement("decision")
		}
		return nil, fmt.Errorf("its statement differs from the first approval it is recorded with")
	}
	return Check(pa.Signature)
}

// VerdictRecord checks the reviewer's signature of a review verdict that
// stands at place pl in its incident's record.
func VerdictRecord(incident string, r *model.Review, pl Place) error {
	_, err := VerdictKey(incident, r, pl)
	return err
}

// VerdictKey checks as VerdictRecord does and returns the key that made
// the signature, nil when there is none. A v2 statement must name the
// verdict r follows; a v1 statement, which names none, must not be one an
// earlier verdict on the subject was signed with.
func VerdictKey(incident string, r *model.Review, pl Place) (ssh.PublicKey, error) {
	if r.Signature == nil {
		return nil, nil
	}
	text := r.Signature.Statement
	if st, ok := parse[Verdict](text, KindVerdict); ok {
		if *st.After != pl.After {
			return nil, misplaced(*st.After, pl.After, "verdict on "+r.Subject)
		}
		if text != VerdictOf(incident, r, pl.After).Text() {
			return nil, fmt.Errorf("its statement differs from the verdict it is recorded with")
		}
		return Check(r.Signature)
	}
	v1 := VerdictOf(incident, r, "")
	v1.After = nil
	if text != v1.Text() {
		if _, ok := parse[Verdict](text, KindVerdictV1); !ok {
			return nil, errNotStatement("verdict")
		}
		return nil, fmt.Errorf("its statement differs from the verdict it is recorded with")
	}
	if pl.Copy != "" {
		return nil, copied("verdict " + pl.Copy)
	}
	return Check(r.Signature)
}

// StatusRecord checks the signature of a status change that stands at
// place pl in its incident's record: its statement is a status statement
// about this incident, by the change's person, naming its status and
// rationale, and (v2) the change it follows. Whether it deferred pending
// work with it is the person's stated choice, which the deferrals recorded
// with the change (decisions of their own, each with its own signature)
// show.
func StatusRecord(incident string, c *model.StatusChange, pl Place) error {
	_, err := StatusKey(incident, c, pl)
	return err
}

// StatusKey checks as StatusRecord does and returns the key that made the
// signature, nil when there is none.
func StatusKey(incident string, c *model.StatusChange, pl Place) (ssh.PublicKey, error) {
	if c.Signature == nil {
		return nil, nil
	}
	st, ok := parse[StatusChange](c.Signature.Statement, KindStatus)
	v1 := false
	if !ok {
		if st, ok = parse[StatusChange](c.Signature.Statement, KindStatusV1); !ok {
			return nil, errNotStatement("status")
		}
		v1 = true
	}
	switch {
	case st.Incident != incident:
		return nil, fmt.Errorf("its statement is about %s, not %s", st.Incident, incident)
	case st.By != c.By:
		return nil, fmt.Errorf("its statement is by %s, not %s", st.By, c.By)
	case st.Status != c.Status:
		return nil, fmt.Errorf("its statement says %s, the record %s", st.Status, c.Status)
	case st.Rationale != c.Rationale:
		return nil, fmt.Errorf("its statement's rationale differs from the record's")
	case !v1 && *st.After != pl.After:
		return nil, misplaced(*st.After, pl.After, "status change of "+incident)
	case v1 && pl.Copy != "":
		return nil, copied("status change " + pl.Copy)
	}
	return Check(c.Signature)
}

func errNotStatement(kind string) error {
	return fmt.Errorf("its statement is not a signoff %s statement in canonical form", kind)
}
