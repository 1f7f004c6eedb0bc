package review

import (
	"fmt"

	"github.com/signoff/signoff/model"
)

// The execution rules of SPEC.md "Findings": their subject is the execution.

type classified struct {
	action     *model.Action
	class      model.ActionClass
	tier       model.Tier
	privileged bool // the target is a known privileged asset
}

func (c *checker) classify(a *model.Action) classified {
	if a == nil {
		a = &model.Action{}
	}
	k := classified{action: a}
	target := assetIn(c.idx, a.Target)
	k.class, k.tier = c.p.Classify(*a, target)
	k.privileged = target != nil && target.Privileged
	return k
}

func (c *checker) isPerson(id string) bool {
	_, ok := c.idx.People[id]
	return ok
}

func (c *checker) isAgent(id string) bool {
	_, ok := c.idx.Agents[id]
	return ok
}

// ownerProblem says why a decision is not a human decision, or "".
func (c *checker) ownerProblem(d *model.Event) string {
	switch {
	case c.isPerson(d.Owner):
		return ""
	case c.isAgent(d.Owner):
		return fmt.Sprintf("its owner %s is an agent, not a person", d.Owner)
	}
	return fmt.Sprintf("its owner %s is not a known person", d.Owner)
}

func describe(a *model.Action) string {
	if a == nil || a.Type == "" {
		return "an unnamed action"
	}
	if a.Target == "" {
		return a.Type
	}
	return a.Type + " on " + a.Target
}

// noOwner: an execution of tier medium or more has no human decision.
func (c *checker) noOwner(x *model.Event) {
	d := c.s.DecisionOf(x)
	k := c.classify(c.s.ActionOf(d))
	if k.tier.Rank() < model.TierMedium.Rank() {
		return
	}
	var why string
	switch {
	case d == nil:
		why = fmt.Sprintf("no human decision: it acted on %s's word alone", x.Suggestion)
	case !c.isPerson(d.Owner):
		why = fmt.Sprintf("no human decision: it carried out %s, and %s", d.ID, c.ownerProblem(d))
	default:
		return
	}
	c.add(CodeNoOwner, x.ID, x.At, fmt.Sprintf("%s ran %s at %s, a %s action, with %s", x.ID, describe(k.action), c.moment(x.At), k.tier, why))
}

// executionApprovals: an execution nothing approved, because it acted on
// the suggestion alone, carried out a rejected or deferred decision, or
// carried out an approval that a later rejection or deferral had
// overturned before it ran, has no approvals at all. Other executions of
// approved decisions are judged through the decision (decisionApprovals).
func (c *checker) executionApprovals(x *model.Event) {
	d := c.s.DecisionOf(x)
	var overturned *model.Event
	if d != nil && approves(d) {
		if overturned = c.overturned(d, x); overturned == nil {
			return
		}
	}
	k := c.classify(c.s.ActionOf(d))
	need := ApprovalsNeeded(k.tier)
	if need == 0 {
		return
	}
	what := fmt.Sprintf("it acted on %s with no decision", x.Suggestion)
	switch {
	case overturned != nil:
		what = fmt.Sprintf("it carried out %s, but %s had %s %s at %s (%s), before it ran, so nothing approved it then",
			d.ID, overturned.Owner, overturned.Outcome, c.s.Subject, c.moment(overturned.At), overturned.ID)
	case d != nil:
		what = fmt.Sprintf("it carried out %s, which %s %s, so nobody approved it", d.ID, d.Outcome, c.s.Subject)
	}
	c.add(CodeMissingApproval, x.ID, x.At, fmt.Sprintf("%s ran %s at %s, a %s action that needs %s; %s",
		x.ID, describe(k.action), c.moment(x.At), k.tier, approvalsWord(need), what))
}

// overturned is the decision of the step standing when x ran (the last
// one timed at or before it, as the same instant is not after), when that
// is a rejection or deferral made after d: d no longer approved what x ran.
func (c *checker) overturned(d, x *model.Event) *model.Event {
	seen := false // d comes before the decision looked at
	var standing *model.Event
	for i := range c.s.Decisions { // in time order
		e := &c.s.Decisions[i]
		if e.At.After(x.At) {
			break
		}
		if e.ID == d.ID {
			seen, standing = true, nil
			continue
		}
		if seen {
			standing = e
		}
	}
	if standing == nil || approves(standing) {
		return nil
	}
	return standing
}

func approvalsWord(n int) string {
	if n == 2 {
		return "two distinct human approvals"
	}
	return "one human approval"
}

// evidenceAfterAction: a containment execution on an asset with no
// evidence for that asset collected (strictly) before it.
func (c *checker) evidenceAfterAction(x *model.Event) {
	k := c.classify(c.s.ActionOf(c.s.DecisionOf(x)))
	target := k.action.Target
	if k.class != model.ClassContainment || target == "" {
		return
	}
	var first *model.Evidence
	for i := range c.s.Evidence {
		ev := &c.s.Evidence[i]
		if ev.Asset != target {
			continue
		}
		if ev.CollectedAt.Before(x.At) {
			return
		}
		if first == nil || ev.CollectedAt.Before(first.CollectedAt) {
			first = ev
		}
	}
	msg := fmt.Sprintf("%s ran %s at %s; no evidence for %s was collected before it, nor since", x.ID, describe(k.action), c.moment(x.At), target)
	if first != nil {
		later := between(x.At, first.CollectedAt) + " later"
		if first.CollectedAt.Equal(x.At) {
			later = "at the same moment, not before"
		}
		msg = fmt.Sprintf("%s ran %s at %s; the first evidence for %s (%s) was collected at %s, %s",
			x.ID, describe(k.action), c.moment(x.At), target, first.ID, c.moment(first.CollectedAt), later)
	}
	// A look-alike's evidence shows on screen as if it were this asset's.
	if twin, ok := c.idx.Alike.Assets.Of(target); ok {
		msg += fmt.Sprintf("; %s reads like asset %s, another asset, whose evidence does not count for it", spelt(target), spelt(twin))
	}
	c.add(CodeEvidenceAfterAction, x.ID, x.At, msg)
}

// autoPrivileged: an automated containment execution on a privileged asset
// with no human decision. An execution whose actor is an agent is
// automated whatever its flag says: the flag says whether a human pressed
// the button, and an agent is not one.
func (c *checker) autoPrivileged(x *model.Event) {
	how := "automatically"
	switch {
	case x.Automated:
	case c.isAgent(x.Actor):
		how = "as an agent (recorded as not automated)"
	default:
		return
	}
	d := c.s.DecisionOf(x)
	k := c.classify(c.s.ActionOf(d))
	if k.class != model.ClassContainment || !k.privileged {
		return
	}
	var why string
	switch {
	case d == nil:
		why = fmt.Sprintf("it acted on %s's word alone", x.Suggestion)
	case !c.isPerson(d.Owner):
		why = fmt.Sprintf("it carried out %s, and %s", d.ID, c.ownerProblem(d))
	default:
		return
	}
	c.add(CodeAutoPrivileged, x.ID, x.At, fmt.Sprintf("%s (%s) ran %s %s at %s on privileged asset %s with no human decision: %s",
		x.ID, x.Actor, k.action.Type, how, c.moment(x.At), k.action.Target, why))
}
