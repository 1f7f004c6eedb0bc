package review

import (
	"fmt"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// The signature rules, signoff's own (docs/findings.md): a record the policy
// wants signed that is not, and a signature that does not prove its
// record. Whether a key belongs to the person it signs for needs the
// allowed-signers roster: when the policy names one, a key it does not
// list for the person is a mismatch too (the rule of signoff verify
// --signers); without one, verify --signers is where that is answered.

// unsignedDecision: a decision at a tier the policy wants signed whose
// owner, or an approver other than the owner, did not sign. Imported
// history is where it shows: the queue refuses such a decision.
func (c *checker) unsignedDecision(d *model.Event) {
	k := c.classify(c.s.ActionOf(d))
	if !c.p.RequiresSignature(k.tier) {
		return
	}
	var missing []string
	if d.Signature == nil {
		missing = append(missing, "the owner "+d.Owner)
	}
	for _, ap := range d.Approvals {
		if ap.Signature == nil && ap.By != d.Owner {
			missing = append(missing, "the approver "+ap.By)
		}
	}
	if len(missing) == 0 {
		return
	}
	c.add(CodeUnsignedDecision, d.ID, d.At, fmt.Sprintf("%s %s %s, a %s action the policy wants signed, but %s did not sign it",
		d.ID, d.Outcome, describe(k.action), k.tier, listWords(missing)))
}

// decisionSignatures: a signature on the decision or one of its approvals
// does not prove it, or its key is not the person's in the policy's roster.
// Each signature is checked once: the roster judges the key the check
// returned.
func (c *checker) decisionSignatures(d *model.Event) {
	keys, err := signing.DecisionKeys(c.s.Incident, d)
	if err == nil {
		err = c.p.decisionSigners(d, keys)
	}
	if err != nil {
		c.add(CodeSignatureMismatch, d.ID, d.At, fmt.Sprintf("%s: %v", d.ID, err))
	}
}

// verdictSignatures: a review verdict's signature does not prove it.
func (c *checker) verdictSignatures() {
	var places signing.Places
	for i := range c.s.Reviews {
		r := &c.s.Reviews[i]
		key, err := signing.VerdictKey(c.s.Incident, r, places.Verdict(c.s.Incident, r))
		if err == nil {
			err = c.p.keyFits(r.Reviewer, key, r.At)
		}
		if err != nil {
			c.add(CodeSignatureMismatch, r.Subject, r.At, fmt.Sprintf("the verdict by %s at %s: the reviewer's signature: %v", r.Reviewer, c.moment(r.At), err))
		}
	}
}
