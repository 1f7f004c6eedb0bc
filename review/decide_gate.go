package review

import (
	"fmt"
	"slices"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// checkAnswerable refuses a decision the agent framework that asked cannot
// be told: a LangChain request that does not allow editing cannot be
// modified, an OpenAI MCP approval cannot carry a changed call. The rule is
// in the suggestion's own raw output (gate.Envelope), so it holds in the
// queue, over SSH and on the command line alike.
func checkAnswerable(in DecisionInput, where string) error {
	if err := checkPinned(in, where); err != nil {
		return err
	}
	if gateAnswered(in) {
		return nil
	}
	why := gate.Refusal(in.Suggestion.RawOutput, in.Request.Outcome, in.Request.ActionDetail)
	if why == "" {
		return nil
	}
	return model.Errorf(model.EINVALID, "%s cannot be decided that way: %s", where, why)
}

// gateAnswered: a rejection or deferral of a gated call past its expiry.
// Its gate has answered its agent by then (its wait ran out; one run again
// answers at once), so no framework is told this decision, and what the
// framework would allow no longer bounds it: it runs nothing, and without
// it an item LangChain allows only to approve could never be settled, nor
// its incident resolved or closed.
//
// A LangChain call whose gate noted that it answered (stopped, or its wait
// ran out) is answered too before its expiry: LangChain gives no call id,
// so a gate run again makes a new suggestion and none waits on this one.
func gateAnswered(in DecisionInput) bool {
	o := in.Request.Outcome
	if in.Request.ActionDetail != nil || (o != model.OutcomeRejected && o != model.OutcomeDeferred) {
		return false
	}
	if exp := in.Suggestion.ExpiresAt; exp != nil && !in.Now.Before(*exp) {
		return true
	}
	e, ok := gate.EnvelopeOf(in.Suggestion.RawOutput)
	return ok && in.GateEnded && e.Gate == gate.LangChainHITL
}

// unfitCodes are the findings about a decision that the queue refuses at
// the moment of decision: who may own and approve it, and its proof. A
// decision with one of them came in some other way (an imported stream).
var unfitCodes = []string{CodeAIApprover, CodeMissingApproval, CodeInsufficientAuthority, CodeUnsignedDecision, CodeSignatureMismatch}

// Unfit lists what makes decision d of step s one the queue would have
// refused under p, so the gate does not let an agent act on it.
func Unfit(s model.Step, r model.Roster, p *Policy, d *model.Event) []Finding {
	var out []Finding
	for _, f := range StepFindings(s, r, p) {
		if f.Subject == d.ID && slices.Contains(unfitCodes, f.Code) {
			out = append(out, f)
		}
	}
	return out
}

// PinnedElsewhere is what the queue shows, in place of the person's
// standing, for a gated call whose gate runs with another policy than p,
// the one the queue runs under: every decision on it would be refused
// (checkPinned), so none is offered. "" when p may decide it.
func PinnedElsewhere(raw string, p *Policy) string {
	e, ok := gate.EnvelopeOf(raw)
	if !ok || e.Policy == "" {
		return ""
	}
	mine := p.Fingerprint()
	if mine == e.Policy {
		return ""
	}
	return fmt.Sprintf("this came through the gate under policy %s (%s), so it is decided under that policy only; this queue runs under policy %s (%s): decide it from a queue started with --policy naming the file the gate runs with",
		model.Quote(e.PolicyName), ShortFingerprint(e.Policy), model.Quote(p.Name()), ShortFingerprint(mine))
}

// checkPinned refuses a decision on a gated call judged by another policy
// than the one its gate runs with (the fingerprint in the suggestion's
// envelope): whoever decides does not choose the rules they are held to.
// A call recorded before gates wrote the fingerprint has none to hold to.
func checkPinned(in DecisionInput, where string) error {
	e, ok := gate.EnvelopeOf(in.Suggestion.RawOutput)
	if !ok || e.Policy == "" {
		return nil
	}
	if mine := in.Policy.Fingerprint(); mine != e.Policy {
		return model.Errorf(model.EFORBIDDEN, "%s came through the gate under policy %s (%s), so it is decided under that policy only; this decision was judged by policy %s (%s) and was not recorded: decide it with --policy naming the file the gate runs with",
			where, model.Quote(e.PolicyName), ShortFingerprint(e.Policy), model.Quote(in.Policy.Name()), ShortFingerprint(mine))
	}
	return nil
}
