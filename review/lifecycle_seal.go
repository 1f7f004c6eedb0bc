package review

import (
	"errors"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// A status change is signed as a decision is: the person signs a statement
// of what they chose before the store writes, and the store keeps the
// signature only when the statement is exactly the change it records. A
// change that defers pending work records one deferral decision per
// suggestion, and each is signed on its own, so every decision in the
// record carries its own proof.

// sealStatus records what proves who made the change (the session's key,
// the person's signature) on it, and refuses a signature whose statement
// is not this change as requested, or (with a roster named in the policy)
// one whose key the roster does not list for the person.
func sealStatus(in StatusInput, c *model.StatusChange) error {
	req := in.Request
	c.SessionKey, c.Signature = req.SessionKey, req.Signature
	if c.Signature == nil {
		return nil
	}
	if req.After != in.LastID {
		return model.Errorf(model.ECONFLICT, "%s changed the status of %s meanwhile (%s); look at it and sign again",
			in.LastBy, in.Incident.ID, in.LastID)
	}
	err := signing.StatusRecord(in.Incident.ID, c, signing.Place{After: in.LastID})
	if err == nil && c.Signature.Statement != StatusStatement(req).Text() {
		err = errors.New("its statement does not say whether pending work is deferred with the change as the request does")
	}
	if err != nil {
		return model.Errorf(model.EINVALID, "the signature given for marking %s %s does not prove the change as it would be recorded: %v; sign again",
			in.Incident.ID, req.Status, err)
	}
	return in.Policy.CheckSigner("the change of "+in.Incident.ID+" to "+string(req.Status), c.By, c.Signature, c.At)
}

// StatusStatement is the statement a person signs to make the change req
// asks for, after the change they read as the last (req.After).
func StatusStatement(req model.StatusRequest) signing.StatusChange {
	return signing.StatusChange{Incident: req.Incident, By: req.Person, Status: req.Status, Rationale: req.Rationale,
		DeferPending: req.DeferPending && req.Status.Closes(), After: &req.After}
}

// DeferralRationale is the rationale of each deferral a change to a
// closing status records as person.
func DeferralRationale(person string, status model.Status, rationale string) string {
	return "Deferred as " + person + " marked the incident " + string(status) + ": " + rationale
}

// DeferralStatement is the statement a person signs for the deferral of
// suggestion that the change req records.
func DeferralStatement(req model.StatusRequest, suggestion string) signing.Decision {
	return DecisionStatement(req.Incident, &model.Event{ID: suggestion}, nil, model.DecideRequest{Incident: req.Incident,
		Suggestion: suggestion, Person: req.Person, Outcome: model.OutcomeDeferred,
		Rationale: DeferralRationale(req.Person, req.Status, req.Rationale)})
}

// SignStatus signs the change req asks for with sign: the change's
// statement, and when it defers pending work, the deferral of each of
// pending (the incident's pending suggestions as the person last read
// them). sign may block (an agent asking to confirm), so callers run this
// outside any write.
func SignStatus(req *model.StatusRequest, pending []string, sign func(string) (model.Signature, error)) error {
	sig, err := sign(StatusStatement(*req).Text())
	if err != nil {
		return err
	}
	var deferrals []model.DeferralSignature
	if req.DeferPending && req.Status.Closes() {
		for _, id := range pending {
			ds, err := sign(DeferralStatement(*req, id).Text())
			if err != nil {
				return err
			}
			deferrals = append(deferrals, model.DeferralSignature{Suggestion: id, Signature: ds})
		}
	}
	req.Signature, req.DeferralSignatures = &sig, deferrals
	return nil
}

// errListed is ListPending's refusal: it has read what it came for.
var errListed = errors.New("the pending suggestions were listed; nothing was written")

// ListPending is a status check that changes nothing: it lists into ids
// the suggestions a change would defer, as the store reads them inside
// its write transaction, and refuses (Listed tells that refusal from others). A signer passes it
// to the store's ChangeStatus to learn which deferrals to sign; the store
// reads them the way the change itself will, whatever the incident's
// status, and a suggestion that arrives before the change is refused as
// unsigned there.
func ListPending(ids *[]string) model.StatusCheck {
	return func(s model.StatusState) (model.StatusPlan, error) {
		for _, p := range s.Pending {
			*ids = append(*ids, p.ID)
		}
		return model.StatusPlan{}, errListed
	}
}

// ListToSign is ListPending for a signer: it also reads into last the
// change recorded last, the one a signed change says it follows
// (model.StatusRequest.After). ids nil lists nothing pending.
func ListToSign(last *string, ids *[]string) model.StatusCheck {
	return func(s model.StatusState) (model.StatusPlan, error) {
		*last = s.LastID
		if ids != nil {
			return ListPending(ids)(s)
		}
		return model.StatusPlan{}, errListed
	}
}

// ListPendingRefs is ListPending for a form that counts what is pending
// and how many of those their gate already answered.
func ListPendingRefs(refs *[]model.PendingRef) model.StatusCheck {
	return func(s model.StatusState) (model.StatusPlan, error) {
		*refs = append(*refs, s.Pending...)
		return model.StatusPlan{}, errListed
	}
}

// Listed says how a ListPending read went, given what the store's
// ChangeStatus returned: nil when the store read the pending work and
// wrote nothing, else the store's own refusal.
func Listed(err error) error {
	switch {
	case errors.Is(err, errListed):
		return nil
	case err == nil: // a store that never asked the check
		return model.Errorf(model.EINTERNAL, "the store did not list the pending suggestions to sign")
	}
	return err
}
