package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// confine answers no to a modification the mapping reads as another action
// than the one decided, as one on another target than the decided one (the
// record keeps the suggestion's target, so it would name what did not
// run; and another spelling of an address space, a range holding a
// privileged host, escapes a check that looks assets up by id), as the
// same action in a higher tier (a target the policy steps up), or as one
// that no longer names the target it had (the target moved where the
// mapping does not read it). A decision keeps the suggestion's type, target and
// tier, so the authority it was checked against is the suggestion's:
// such a changed call was never judged by the people it needs.
func confine(a gate.Answer, g *gated, mapping *gate.Mapping, p *review.Policy, assets map[string]model.Asset) gate.Answer {
	if a.Verdict != gate.Allow || a.Input == nil {
		return a
	}
	c := g.call
	c.Input = a.Input
	changed := mapping.Map(c)
	if changed.Action.Type != g.mapped.Action.Type {
		return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; the changed call is %s, not %s, so it is not run: suggest it again as a call of its own",
			a.Reason, changed.Action.Type, g.mapped.Action.Type)}
	}
	if changed.Action.Target == "" && g.mapped.Action.Target != "" {
		return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; the changed call names no target where %s was decided on %s, so it is not run: suggest it again as a call of its own",
			a.Reason, g.mapped.Action.Type, g.mapped.Action.Target)}
	}
	if changed.Action.Target != g.mapped.Action.Target {
		return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; the changed call names %s where %s was decided on %s, and the record keeps %s as the decision's target, so it is not run: suggest it again as a call of its own",
			a.Reason, changed.Action.Target, g.mapped.Action.Type, g.mapped.Action.Target, g.mapped.Action.Target)}
	}
	var target *model.Asset
	if t, ok := assets[changed.Action.Target]; ok {
		target = &t
	}
	if _, tier := p.Classify(changed.Action, target); tier.Rank() > g.tier.Rank() {
		return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; the changed call names %s, which makes it a %s action (%s) where %s was decided as %s, so it is not run: suggest it again as a call of its own",
			a.Reason, changed.Action.Target, tier, review.Requirement(tier), g.mapped.Action.Target, g.tier)}
	}
	return a
}

// refuseUnfit answers no to an approval that was not made in signoff, and
// to one the queue would have refused under the policy: the queue is where
// the policy is enforced, and a decision that came in another way (an
// imported stream) does not let the agent act, whoever it names. A stream
// can add the people it names, with any authority, so an imported approval
// is refused even when it is owned and approved as the policy asks.
func refuseUnfit(a gate.Answer, g *gated, p *review.Policy) gate.Answer {
	if a.Verdict != gate.Allow || (len(g.unfit) == 0 && !g.res.Imported) {
		return a
	}
	why := make([]string, len(g.unfit))
	for i, f := range g.unfit {
		why[i] = f.Message
	}
	if !g.res.Imported {
		return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; but policy %s would have refused that decision (%s), so it is not run",
			a.Reason, p.Name(), strings.Join(why, "; "))}
	}
	reason := fmt.Sprintf("%s; but %s was appended by an import (a stream), not made in signoff, so it is not run: "+
		"only a decision made in signoff (signoff queue, serve, approve) lets an agent act; suggest the call again to have it decided there",
		a.Reason, g.res.Decision.ID)
	if len(why) > 0 {
		reason += fmt.Sprintf(" (policy %s would also have refused it: %s)", p.Name(), strings.Join(why, "; "))
	}
	return gate.Answer{Verdict: gate.Deny, Reason: reason}
}

// refuseRun turns an allow into a no when the record already holds a run
// of the decided call: an approval lets the call run once, so the same
// call asked again after its --result (a replayed hook input, a framework
// that resends a call id) is not run a second time, as a call carried out
// without a decision is not.
func refuseRun(a gate.Answer, g *gated) gate.Answer {
	if a.Verdict != gate.Allow || g.ran == nil {
		return a
	}
	incident, _, _ := strings.Cut(g.res.Ref, "/")
	return gate.Answer{Verdict: gate.Deny, Reason: fmt.Sprintf("%s; but it was already carried out by %s at %s (signoff %s/%s), so it is not run again",
		a.Reason, g.ran.Actor, g.ran.At.UTC().Format(time.RFC3339), incident, g.ran.ID)}
}
