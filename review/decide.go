package review

import (
	"slices"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// The queue's rules (SPEC.md "Deciding in the queue"), in one place for the
// workstation and the command line. The store reads the state inside its
// write transaction and calls CheckDecision through DecisionChecker, so the
// rules see exactly what the write will follow.

// DecisionInput is the state of a suggestion at the moment of decision and
// the policy to judge it by.
type DecisionInput struct {
	model.DecisionState
	Policy *Policy
}

// DecisionChecker returns the check the store runs inside its transaction.
func DecisionChecker(p *Policy) model.DecisionCheck {
	return func(s model.DecisionState) (model.DecisionPlan, error) {
		return CheckDecision(DecisionInput{DecisionState: s, Policy: p})
	}
}

// DecisionID is the id a decision made in the queue gets.
func DecisionID(suggestion string) string { return "D-" + suggestion }

// Stamp is how times appear in the queue's sentences.
func Stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// CheckDecision refuses the request with a sentence, or says what to write:
// a first approval (critical actions awaiting their second person) or the
// final decision. Refusals, in order: not a pending suggestion of an open
// incident; not a person; bad request; lacking authority; expired; the same
// person approving twice, or a look-alike of the first approver; unsigned where the policy wants a signature, or
// signed over something other than what would be recorded.
func CheckDecision(in DecisionInput) (model.DecisionPlan, error) {
	plan, err := planDecision(in)
	if err != nil {
		return model.DecisionPlan{}, err
	}
	if err := seal(in, &plan); err != nil {
		return model.DecisionPlan{}, err
	}
	return plan, nil
}

// planDecision applies the queue's rules to the request.
func planDecision(in DecisionInput) (model.DecisionPlan, error) {
	req, sug := in.Request, &in.Suggestion
	where := sug.ID + " of " + in.Incident.ID
	if sug.Kind != model.KindSuggestion || sug.Action == nil {
		return model.DecisionPlan{}, model.Errorf(model.EINVALID, "%s is %s, not an AI suggestion; only suggestions are decided in the queue", where, kindWord(sug.Kind))
	}
	if err := notPending(in, where); err != nil {
		return model.DecisionPlan{}, err
	}
	if s := in.Incident.Status; s != model.StatusOpen && s != model.StatusContained {
		return model.DecisionPlan{}, model.Errorf(model.EINVALID, "incident %s is %s; the queue decides suggestions of open or contained incidents only", in.Incident.ID, s)
	}
	if err := checkPerson(in, where); err != nil {
		return model.DecisionPlan{}, err
	}
	if err := checkRequest(in, where); err != nil {
		return model.DecisionPlan{}, err
	}
	if err := checkAnswerable(in, where); err != nil {
		return model.DecisionPlan{}, err
	}
	action := *sug.Action
	_, tier := in.Policy.Classify(action, in.Target)
	p := in.Person
	verb := verbOf(req.Outcome)
	if !HasAuthority(p.Authority, tier) {
		return model.DecisionPlan{}, model.Errorf(model.EFORBIDDEN, "%s (authority %s) cannot %s %s (%s): it is a %s action, %s",
			p.ID, p.Authority, verb, where, describe(&action), tier, needsWords(tier, req.Outcome))
	}
	if req.Outcome == model.OutcomeRejected || req.Outcome == model.OutcomeDeferred {
		return model.DecisionPlan{Tier: tier, Decision: finalDecision(in, nil, in.FirstApproval, tier)}, nil
	}
	if sug.ExpiresAt != nil && !in.Now.Before(*sug.ExpiresAt) {
		return model.DecisionPlan{}, model.Errorf(model.EINVALID, "%s expired at %s and can no longer be approved; the AI must suggest it again (rejecting or deferring it is still allowed)",
			where, Stamp(*sug.ExpiresAt))
	}
	if req.ActionDetail != nil {
		action.Detail = *req.ActionDetail
	}
	first := in.FirstApproval
	if ApprovalsNeeded(tier) < 2 {
		first = nil
	}
	if first != nil && first.By == p.ID {
		return model.DecisionPlan{}, model.Errorf(model.EFORBIDDEN, "%s already gave the first approval of %s at %s; a critical action needs a second, different person with authority high",
			p.ID, where, Stamp(first.At))
	}
	if first != nil && in.FirstByAlike {
		return model.DecisionPlan{}, model.Errorf(model.EFORBIDDEN, "%s reads like %s, who gave the first approval of %s at %s; ids that read alike are not shown to be two people, so a critical action needs a second person with authority high whose id reads differently",
			spelt(p.ID), spelt(first.By), where, Stamp(first.At))
	}
	if first != nil && req.ActionDetail == nil {
		action = first.Action
	}
	if c := req.Confirmed; c != nil && !model.SameAction(c, &action) {
		return model.DecisionPlan{}, notShown(first, where)
	}
	if ApprovalsNeeded(tier) < 2 {
		return model.DecisionPlan{Tier: tier, Decision: finalDecision(in, &action, nil, tier)}, nil
	}
	if first == nil {
		return model.DecisionPlan{Tier: tier, FirstApproval: firstApproval(in, action)}, nil
	}
	if action != first.Action {
		return model.DecisionPlan{}, model.Errorf(model.EINVALID, "%s was first approved by %s as %q; the second approval must approve the same action (approve without --action-detail, or reject it)",
			where, first.By, first.Action.Detail)
	}
	return model.DecisionPlan{Tier: tier, Decision: finalDecision(in, &action, first, tier)}, nil
}

// notShown refuses an approval that would record another action than the
// one the person confirmed: someone gave the first approval, with a
// changed detail, after the item was shown to them.
func notShown(first *model.PendingApproval, where string) error {
	if first != nil {
		return model.Errorf(model.ECONFLICT, "%s was first approved by %s at %s as %q, which is not the action you confirmed; a second approval approves the first approver's action, so look at it again",
			where, first.By, Stamp(first.At), first.Action.Detail)
	}
	return model.Errorf(model.ECONFLICT, "%s would be recorded with another action than the one you confirmed; look at it again", where)
}

// lostAnswerWindow is how recent the person's own decision is for a
// refusal to say it may be this very attempt, whose answer was lost; an
// older one was plainly made before.
const lostAnswerWindow = 10 * time.Minute

// notPending refuses a suggestion that was already decided or carried out.
func notPending(in DecisionInput, where string) error {
	if d := in.Decision; d != nil && d.Owner == in.Request.Person {
		// Most often the person's own write, whose answer was lost when
		// the server went away: saying "by someone" would send them
		// looking for a colleague who does not exist.
		lost := ""
		if in.Now.Sub(d.At) <= lostAnswerWindow {
			lost = "if the connection failed as you saved, that was this decision; "
		}
		return model.Errorf(model.ECONFLICT, "%s was already decided by you (%s) at %s (%s as %s): %snothing more is recorded",
			where, d.Owner, Stamp(d.At), d.Outcome, d.ID, lost)
	}
	if d := in.Decision; d != nil {
		return model.Errorf(model.ECONFLICT, "%s was already decided by %s at %s (%s as %s)", where, d.Owner, Stamp(d.At), d.Outcome, d.ID)
	}
	if x := in.Execution; x != nil {
		return model.Errorf(model.ECONFLICT, "%s was already carried out by %s at %s without a decision (%s)", where, x.Actor, Stamp(x.At), x.ID)
	}
	return nil
}

func checkPerson(in DecisionInput, where string) error {
	who := in.Request.Person
	switch {
	case strings.TrimSpace(who) == "":
		return model.Errorf(model.EFORBIDDEN, "no person is named to decide %s; give --as PERSON", where)
	case in.IsAgent:
		return model.Errorf(model.EFORBIDDEN, "%s is an AI agent of incident %s; only a person can decide %s", who, in.Incident.ID, where)
	case in.Person == nil:
		return model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot decide %s; only the incident's people can", who, in.Incident.ID, where)
	}
	return nil
}

func checkRequest(in DecisionInput, where string) error {
	req := in.Request
	switch req.Outcome {
	case model.OutcomeApproved, model.OutcomeRejected, model.OutcomeDeferred:
	case model.OutcomeModified:
		if req.ActionDetail == nil {
			return model.Errorf(model.EINVALID, "a modification of %s needs the changed action detail", where)
		}
	default:
		return model.Errorf(model.EINVALID, "%q is not a decision; expected approved, rejected or deferred", req.Outcome)
	}
	if model.Blank(req.Rationale) {
		return model.Errorf(model.EINVALID, "a rationale is required to %s %s: say why, for the record", verbOf(req.Outcome), where)
	}
	if len(in.UnknownEvidence) > 0 {
		return model.Errorf(model.EINVALID, "incident %s has no evidence %s; name evidence records of the incident", in.Incident.ID, strings.Join(in.UnknownEvidence, ", "))
	}
	if d := req.ActionDetail; d != nil {
		switch {
		case req.Outcome == model.OutcomeRejected || req.Outcome == model.OutcomeDeferred:
			return model.Errorf(model.EINVALID, "only an approval can change the action; --action-detail cannot go with a %s", verbOf(req.Outcome))
		case model.Blank(*d):
			return model.Errorf(model.EINVALID, "the changed action detail for %s is empty; say what will be done instead", where)
		case *d == in.Suggestion.Action.Detail:
			return model.Errorf(model.EINVALID, "the action detail given for %s is the one the AI suggested; approve without --action-detail", where)
		}
	}
	return nil
}

// firstApproval is the record of the first of two approvals.
func firstApproval(in DecisionInput, action model.Action) *model.PendingApproval {
	return &model.PendingApproval{
		Incident: in.Incident.ID, Suggestion: in.Suggestion.ID, By: in.Person.ID, At: in.Now.UTC(),
		Outcome: outcomeOf(in.Suggestion.Action, &action), Action: action,
		Rationale: in.Request.Rationale, EvidenceReviewed: unique(in.Request.Evidence),
	}
}

// finalDecision is the decision event D-<suggestion>. action is nil for a
// rejection or deferral; first is the first approval of a critical action,
// which the decision carries as an approval, its rationale in Detail.
func finalDecision(in DecisionInput, action *model.Action, first *model.PendingApproval, tier model.Tier) *model.Event {
	now := in.Now.UTC()
	d := &model.Event{
		ID: DecisionID(in.Suggestion.ID), At: now, Kind: model.KindDecision, Suggestion: in.Suggestion.ID,
		Owner: in.Person.ID, Outcome: in.Request.Outcome, Rationale: in.Request.Rationale,
		EvidenceReviewed: unique(in.Request.Evidence),
	}
	if action != nil {
		a := *action
		d.Action = &a
		d.Outcome = outcomeOf(in.Suggestion.Action, action)
		if first != nil {
			d.Approvals = append(d.Approvals, model.Approval{By: first.By, At: first.At.UTC(),
				SessionKey: first.SessionKey, Signature: first.Signature})
			d.EvidenceReviewed = unique(append(append([]string{}, first.EvidenceReviewed...), in.Request.Evidence...))
			d.Detail = "First approval by " + first.By + " at " + Stamp(first.At) + ": " + first.Rationale
		}
		d.Approvals = append(d.Approvals, model.Approval{By: in.Person.ID, At: now})
	}
	if first != nil && action == nil {
		d.Detail = "Overrides the first approval by " + first.By + " at " + Stamp(first.At) + ": " + first.Rationale
	}
	d.Normalize()
	return d
}

func outcomeOf(suggested, chosen *model.Action) model.Outcome {
	if model.SameAction(suggested, chosen) {
		return model.OutcomeApproved
	}
	return model.OutcomeModified
}

func verbOf(o model.Outcome) string {
	switch o {
	case model.OutcomeRejected:
		return "reject"
	case model.OutcomeDeferred:
		return "defer"
	}
	return "approve"
}

// needsWords says who may decide a tier, for refusals. One authorised
// person's rejection or deferral of a critical action is final; only its
// approval needs two.
func needsWords(t model.Tier, o model.Outcome) string {
	switch {
	case t == model.TierCritical && o == model.OutcomeRejected:
		return "and rejecting one needs a person with authority high (approving one needs two)"
	case t == model.TierCritical && o == model.OutcomeDeferred:
		return "and deferring one needs a person with authority high (approving one needs two)"
	case t == model.TierCritical:
		return "which needs two distinct people with authority high"
	case t == model.TierHigh:
		return "which needs a person with authority high"
	}
	return "which needs a person with authority " + string(AuthorityNeeded(t)) + " or more"
}

func kindWord(k model.EventKind) string {
	if k == "" {
		return "not an event"
	}
	switch k[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + string(k)
	}
	return "a " + string(k)
}

func unique(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
