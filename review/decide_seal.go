package review

import (
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// SignHint is how a person signs, for refusals of unsigned decisions.
const SignHint = "give --sign-key PATH (a private key file, or the .pub of a key held by ssh-agent), or in a signoff serve session connect with ssh -A so your agent signs"

// seal records what proves who decided (the session's key, the person's
// signature) on the record the plan writes, refuses an unsigned decision
// at a tier the policy wants signed, and refuses a signature whose
// statement is not this record: a signature is only worth keeping when it
// says exactly what was recorded. With a roster named in the policy, the
// signature's key must be one it lists for the person, now.
func seal(in DecisionInput, plan *model.DecisionPlan) error {
	req := in.Request
	where := in.Suggestion.ID + " of " + in.Incident.ID
	if req.Signature == nil && in.Policy.RequiresSignature(plan.Tier) {
		return model.Errorf(model.EFORBIDDEN, "%s is a %s action, and policy %s requires decisions at that tier to be signed with the person's SSH key: %s",
			where, plan.Tier, in.Policy.Name(), SignHint)
	}
	var err error
	var signers []string // each signature's key's fingerprint, as signing.DecisionKeys orders them
	switch {
	case plan.FirstApproval != nil:
		fa := plan.FirstApproval
		fa.SessionKey, fa.Signature = req.SessionKey, req.Signature
		err = signing.ApprovalRecord(fa)
	case plan.Decision != nil:
		d := plan.Decision
		d.SessionKey, d.Signature = req.SessionKey, req.Signature
		// The owner's own entry among the approvals was made in the same
		// session; their signature on the decision covers it.
		for i := range d.Approvals {
			if d.Approvals[i].By == d.Owner {
				d.Approvals[i].SessionKey = req.SessionKey
			}
		}
		signers, err = decisionSigners(in.Incident.ID, d)
	}
	if err != nil {
		return model.Errorf(model.EINVALID, "the signature given for %s does not prove the decision as it would be recorded: %v; sign again (it may have changed since you signed)", where, err)
	}
	if err := in.Policy.CheckSigner("the decision to "+verbOf(req.Outcome)+" "+where, in.Person.ID, req.Signature, in.Now); err != nil {
		return err
	}
	if err := firstSigner(in, plan.Decision, where); err != nil {
		return err
	}
	return twoHolders(plan.Decision, signers, where)
}

// decisionSigners checks d's signatures as signing.DecisionRecord does and
// gives the fingerprint of the key that made each: the owner's first, then
// each approval's, "" where there is none.
func decisionSigners(incident string, d *model.Event) ([]string, error) {
	keys, err := signing.DecisionKeys(incident, d)
	if err != nil {
		return nil, err
	}
	fps := make([]string, len(keys))
	for i, k := range keys {
		if k != nil {
			fps[i] = signing.Fingerprint(k)
		}
	}
	return fps, nil
}

// twoHolders refuses a second approval signed with the key, or made in a
// serve session logged in with the key, that gave the first: one key is
// one holder, whatever names a roster lists it under ("alice,dave", or a
// line for each), so two ids signing with it are not two people. The
// owner's key is signers[0], each approval's the next, "" where unsigned.
func twoHolders(d *model.Event, signers []string, where string) error {
	if d == nil {
		return nil
	}
	for i, ap := range d.Approvals {
		if ap.By == d.Owner {
			continue
		}
		same := ""
		switch {
		case len(signers) > i+1 && signers[0] != "" && signers[0] == signers[i+1]:
			same = "signed with the key " + signers[0] + " that signed"
		case d.SessionKey != "" && d.SessionKey == ap.SessionKey:
			same = "made in a session of the key " + d.SessionKey + " that made"
		}
		if same != "" {
			return model.Errorf(model.EFORBIDDEN, "the second approval of %s by %s is %s the first, by %s; one key is one person, so a critical action needs a second person approving with a key of their own",
				where, d.Owner, same, ap.By)
		}
	}
	return nil
}

// firstSigner refuses a second approval that would carry a first approval
// signed with a key the policy's roster does not give its approver (made
// before the roster was named, or under another policy): findings would
// call the decision a signature-mismatch and the gate would not run it.
func firstSigner(in DecisionInput, d *model.Event, where string) error {
	if d == nil {
		return nil
	}
	for _, ap := range d.Approvals {
		if ap.By == d.Owner {
			continue
		}
		if err := in.Policy.signerFits(ap.By, ap.Signature, ap.At); err != nil {
			return model.Errorf(model.EFORBIDDEN, "the first approval of %s by %s cannot count: %v, and policy %s takes only keys its roster lists for the person; reject %s (the AI may suggest it again) instead of approving it",
				where, ap.By, err, in.Policy.Name(), in.Suggestion.ID)
		}
	}
	return nil
}

// DecisionStatement is the statement a person signs before deciding: the
// decision as the store will record it, given the suggestion as the person
// last read it and the first approval it carries, if any. A second approval
// without a changed detail approves the first approver's action.
func DecisionStatement(incident string, sug *model.Event, first *model.PendingApproval, req model.DecideRequest) signing.Decision {
	st := signing.Decision{Incident: incident, Suggestion: sug.ID, By: req.Person, Outcome: req.Outcome,
		Rationale: req.Rationale, Evidence: unique(req.Evidence)}
	if req.Outcome == model.OutcomeRejected || req.Outcome == model.OutcomeDeferred || sug.Action == nil {
		return st
	}
	action := *sug.Action
	switch {
	case req.ActionDetail != nil:
		action.Detail = *req.ActionDetail
	case first != nil:
		action = first.Action
	}
	st.Action, st.Outcome = &action, outcomeOf(sug.Action, &action)
	return st
}
