package review

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// The lifecycle's rules: who may change an incident's status, and what a
// change to resolved or closed needs first. The store reads the state
// inside its write transaction and calls CheckStatusChange through
// StatusChecker, as it does for decisions.

// StatusInput is the state of an incident at the moment of a status change
// and the policy to judge it by.
type StatusInput struct {
	model.StatusState
	Policy *Policy
}

// StatusChecker returns the check the store runs inside its transaction.
func StatusChecker(p *Policy) model.StatusCheck {
	return func(s model.StatusState) (model.StatusPlan, error) {
		return CheckStatusChange(StatusInput{StatusState: s, Policy: p})
	}
}

// maxNamed bounds the pending suggestions a refusal lists by id.
const maxNamed = 8

// CheckStatusChange refuses the change with a sentence, or says what to
// write. Refusals, in order: not a status; no rationale; not a person, or
// one the policy does not allow; no change; a change timed before the one
// in force; a signature that is not of this change; resolving or closing
// with suggestions pending, unless the request defers them all (each
// deferral passing the queue's own rules, and signed when the change is).
func CheckStatusChange(in StatusInput) (model.StatusPlan, error) {
	req, inc := in.Request, in.Incident.ID
	if !req.Status.Valid() {
		return model.StatusPlan{}, model.Errorf(model.EINVALID, "%s is not a status; expected open, contained, resolved or closed", model.Quote(string(req.Status)))
	}
	if model.Blank(req.Rationale) {
		return model.StatusPlan{}, model.Errorf(model.EINVALID, "a rationale is required to mark %s %s: say why, for the record", inc, req.Status)
	}
	if !utf8.ValidString(req.Rationale) {
		return model.StatusPlan{}, model.Errorf(model.EINVALID, "the rationale for marking %s %s is not valid UTF-8", inc, req.Status)
	}
	if err := checkStatusPinned(in); err != nil {
		return model.StatusPlan{}, err
	}
	if err := checkStatusPerson(in); err != nil {
		return model.StatusPlan{}, err
	}
	if req.Status == in.Current {
		since := "as recorded at import"
		if c := in.Latest; c != nil {
			since = "since " + Stamp(c.At) + ", by " + c.By + " (" + c.ID + ")"
		}
		return model.StatusPlan{}, model.Errorf(model.EINVALID, "%s is already %s, %s", inc, req.Status, since)
	}
	// The status in force is the latest change by time: one timed before
	// it (this machine's clock behind another's, or a feed's) would be
	// recorded and reported as made, yet not be in force.
	if c := in.Latest; c != nil && in.Now.Before(c.At) {
		return model.StatusPlan{}, model.Errorf(model.ECONFLICT, "%s cannot be marked %s now: the status in force, %s (%s by %s), is timed %s, after this machine's clock (%s), so a change made now would not be in force; check this machine's clock, or the time %s was recorded with",
			inc, req.Status, c.Status, c.ID, c.By, Stamp(c.At), Stamp(in.Now), c.ID)
	}
	plan := model.StatusPlan{Change: model.StatusChange{ID: in.NextID, Status: req.Status, By: in.Person.ID,
		At: in.Now.UTC(), Rationale: req.Rationale}}
	if err := sealStatus(in, &plan.Change); err != nil {
		return model.StatusPlan{}, err
	}
	if !req.Status.Closes() || len(in.Pending) == 0 {
		return plan, nil
	}
	if !req.DeferPending {
		return model.StatusPlan{}, model.Errorf(model.ECONFLICT, "%s cannot be marked %s: %s still pending (%s)%s; decide or defer each first, or defer them all as part of the change (--defer-pending)",
			inc, req.Status, isAre(len(in.Pending), "suggestion"), pendingList(in.Pending), gateEndedClause(in.Pending))
	}
	if n := req.DeferShown; n > 0 && n != len(in.Pending) {
		return model.StatusPlan{}, model.Errorf(model.ECONFLICT, "%s cannot be marked %s: %s pending now (%s), not the %d you chose to defer%s; the queue changed since you looked, so look again",
			inc, req.Status, isAre(len(in.Pending), "suggestion"), pendingList(in.Pending), n, gateEndedClause(in.Pending))
	}
	for _, ds := range in.Deferrals {
		sug := ds.Request.Suggestion
		ds.Request.Rationale = DeferralRationale(in.Person.ID, req.Status, req.Rationale)
		// Each deferral is a decision made in the change's session, signed
		// on its own: a signed change records none its person did not sign.
		ds.Request.SessionKey, ds.Request.Signature = req.SessionKey, req.DeferralSignatureOf(sug)
		if req.Signature != nil && ds.Request.Signature == nil {
			return model.StatusPlan{}, model.Errorf(model.EINVALID, "%s cannot be marked %s: %s is pending but you did not sign its deferral (it may have arrived since you signed); sign again",
				inc, req.Status, sug)
		}
		// A resolved incident may still hold pending work (an import can
		// force that); deferring it is part of closing, so it is judged
		// as in an open incident.
		if ds.Incident.Status == model.StatusResolved {
			ds.Incident.Status = model.StatusOpen
		}
		d, err := CheckDecision(DecisionInput{DecisionState: ds, Policy: in.Policy})
		if err != nil {
			return model.StatusPlan{}, model.Errorf(model.ErrorCode(err), "%s cannot be marked %s: deferring %s was refused: %s",
				inc, req.Status, ds.Request.Suggestion, model.ErrorMessage(err))
		}
		plan.Deferrals = append(plan.Deferrals, *d.Decision)
	}
	return plan, nil
}

func checkStatusPerson(in StatusInput) error {
	who, inc := in.Request.Person, in.Incident.ID
	rule := in.Policy.StatusRule()
	switch {
	case strings.TrimSpace(who) == "":
		return model.Errorf(model.EFORBIDDEN, "no person is named to change the status of %s; give --as PERSON", inc)
	case in.IsAgent:
		return model.Errorf(model.EFORBIDDEN, "%s is an AI agent of incident %s; only a person can change its status", who, inc)
	case in.Person == nil:
		return model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot change its status; the policy lets %s change it", who, inc, rule.Who(in.Incident.Commander))
	case !rule.MayChangeStatus(in.Person, in.Incident.Commander):
		return model.Errorf(model.EFORBIDDEN, "%s (authority %s) cannot change the status of %s: the policy lets %s change it",
			who, in.Person.Authority, inc, rule.Who(in.Incident.Commander))
	}
	return nil
}

// pendingList names the first pending suggestions and counts the rest.
func pendingList(ps []model.PendingRef) string {
	var names []string
	for i, p := range ps {
		if i == maxNamed {
			names = append(names, fmt.Sprintf("and %d more", len(ps)-maxNamed))
			break
		}
		name := p.ID + " " + actionWords(p.Action)
		if p.GateEnded {
			name += " (gate ended)"
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}

// gateEndedClause says, when the gate of some pending suggestions already
// answered its agent, that they count all the same: still pending by the
// record (SPEC), so closing over them needs a decision or a deferral as
// any other, which records the person's call and runs nothing.
func gateEndedClause(ps []model.PendingRef) string {
	n := 0
	for _, p := range ps {
		if p.GateEnded {
			n++
		}
	}
	switch {
	case n == 0:
		return ""
	case n == 1 && len(ps) == 1:
		return "; its gate already answered its agent, so a decision on it runs nothing, but it is pending all the same"
	case n == 1:
		return "; the gate of 1 of them already answered its agent, so a decision on it runs nothing, but it is pending all the same"
	}
	return fmt.Sprintf("; the gates of %d of them already answered their agents, so a decision on those runs nothing, but they are pending all the same", n)
}

func actionWords(a model.Action) string {
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " → " + a.Target
}

// isAre is "1 suggestion is", "3 suggestions are".
func isAre(n int, noun string) string {
	if n == 1 {
		return plural(n, noun) + " is"
	}
	return plural(n, noun) + " are"
}
