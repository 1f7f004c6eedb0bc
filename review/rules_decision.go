package review

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/signoff/signoff/model"
)

// The decision rules of SPEC.md "Findings": their subject is the decision.

func approves(d *model.Event) bool {
	return d.Outcome == model.OutcomeApproved || d.Outcome == model.OutcomeModified
}

// decisionApprovals: an approving decision with fewer distinct human
// approvals than its tier needs. The owner counts as one; agents and ids
// that are not known people never count; authority is not looked at here.
// Ids that read alike (an incident stored before they were refused) are
// not shown to be two people, so they count as one, and the finding says
// which.
func (c *checker) decisionApprovals(d *model.Event) {
	if !approves(d) {
		return
	}
	k := c.classify(c.s.ActionOf(d))
	need := ApprovalsNeeded(k.tier)
	humans, alike := c.humanApprovers(d)
	if len(humans) >= need {
		return
	}
	have := "none"
	if len(humans) > 0 {
		have = fmt.Sprintf("only %d (%s)", len(humans), strings.Join(humans, ", "))
	}
	if len(alike) > 0 {
		have += ": " + strings.Join(alike, "; ")
	}
	c.add(CodeMissingApproval, d.ID, d.At, fmt.Sprintf("%s %s %s, a %s action that needs %s; it has %s",
		d.ID, d.Outcome, describe(k.action), k.tier, approvalsWord(need), have))
}

// humanApprovers lists the distinct people who approved d, owner first,
// and says of each approver left out for reading like one listed which
// one it reads like.
//
// One key is one holder too: an approver whose signature or serve session
// is of a key that an approver already counted signed or logged in with
// (a roster listing one key for two people) counts as that person.
func (c *checker) humanApprovers(d *model.Event) (people, alike []string) {
	seen := map[string]string{}   // the id an approver counts as -> the approver
	holder := map[string]string{} // a key's fingerprint -> the approver counted with it
	add := func(id string, sig *model.Signature, session string) {
		if !c.isPerson(id) {
			return
		}
		keys := []string{session}
		if sig != nil {
			keys = append(keys, sig.Key)
		}
		for _, k := range keys {
			if other, ok := holder[k]; ok && k != "" && other != id {
				alike = append(alike, fmt.Sprintf("%s approved with the key %s of %s and counts as the same person", spelt(id), k, spelt(other)))
				return
			}
		}
		one := c.idx.Alike.Who.One(id)
		first, dup := seen[one]
		switch {
		case !dup:
			seen[one] = id
			people = append(people, id)
			for _, k := range keys {
				if k != "" {
					holder[k] = id
				}
			}
		case first != id:
			alike = append(alike, fmt.Sprintf("%s reads like %s and counts as the same person", spelt(id), spelt(first)))
		}
	}
	add(d.Owner, d.Signature, d.SessionKey)
	for _, a := range d.Approvals {
		add(a.By, a.Signature, a.SessionKey)
	}
	return people, alike
}

// insufficientAuthority: the owner or an approver, being a known person,
// lacks the authority the tier needs. Agents and unknown ids are
// ai-approver's to report.
func (c *checker) insufficientAuthority(d *model.Event) {
	k := c.classify(c.s.ActionOf(d))
	need := AuthorityNeeded(k.tier)
	var lacking []string
	seen := map[string]bool{}
	check := func(id, role string) {
		p, known := c.idx.People[id]
		if !known || seen[id] || HasAuthority(p.Authority, k.tier) {
			return
		}
		seen[id] = true
		lacking = append(lacking, fmt.Sprintf("%s %s has authority %s", role, id, p.Authority))
	}
	check(d.Owner, "owner")
	for _, a := range d.Approvals {
		check(a.By, "approver")
	}
	if len(lacking) == 0 {
		return
	}
	c.add(CodeInsufficientAuthority, d.ID, d.At, fmt.Sprintf("%s %s %s, a %s action that needs authority %s: %s",
		d.ID, d.Outcome, describe(k.action), k.tier, need, listWords(lacking)))
}

// aiApprover: an agent, or an id that is not a known person, is the owner
// or an approver.
func (c *checker) aiApprover(d *model.Event) {
	var who []string
	seen := map[string]bool{}
	check := func(id, role string) {
		if c.isPerson(id) || seen[id] {
			return
		}
		seen[id] = true
		what := "is not a known person"
		if c.isAgent(id) {
			what = "is an agent"
		}
		who = append(who, fmt.Sprintf("%s %s %s", role, id, what))
	}
	check(d.Owner, "owner")
	for _, a := range d.Approvals {
		check(a.By, "approver")
	}
	if len(who) == 0 {
		return
	}
	c.add(CodeAIApprover, d.ID, d.At, fmt.Sprintf("%s: %s; only people can own or approve a decision", d.ID, listWords(who)))
}

// approvalAfterExecution: the decision, or one of its approvals, is timed
// after an execution that carried it out. The first such execution is named.
func (c *checker) approvalAfterExecution(d *model.Event) {
	for i := range c.s.Executions {
		x := &c.s.Executions[i]
		if x.Decision != d.ID {
			continue
		}
		var late []string
		if d.At.After(x.At) {
			late = append(late, fmt.Sprintf("before %s was recorded (%s, %s later)", d.ID, c.moment(d.At), between(x.At, d.At)))
		}
		approvals := append([]model.Approval(nil), d.Approvals...)
		sort.SliceStable(approvals, func(a, b int) bool { return approvals[a].At.Before(approvals[b].At) })
		for _, a := range approvals {
			if a.At.After(x.At) {
				late = append(late, fmt.Sprintf("before %s approved it (%s, %s later)", a.By, c.moment(a.At), between(x.At, a.At)))
			}
		}
		if len(late) == 0 {
			continue
		}
		c.add(CodeApprovalAfterExecution, d.ID, d.At, fmt.Sprintf("%s carried out %s at %s, %s", x.ID, d.ID, c.moment(x.At), listWords(late)))
		return
	}
}

// noRationale: a decision without rationale or without evidence reviewed.
// Evidence collected after the decision cannot have been reviewed for it:
// a decision whose every record reviewed came later reviewed none.
func (c *checker) noRationale(d *model.Event) {
	var missing []string
	if model.Blank(d.Rationale) {
		missing = append(missing, "no rationale")
	}
	if len(d.EvidenceReviewed) == 0 {
		missing = append(missing, "no evidence reviewed")
	} else if late := c.reviewedLate(d); len(late) > 0 {
		missing = append(missing, fmt.Sprintf("no evidence reviewed that was collected by then (%s)", listWords(late)))
	}
	if len(missing) == 0 {
		return
	}
	c.add(CodeNoRationale, d.ID, d.At, fmt.Sprintf("%s (%s by %s at %s) records %s", d.ID, d.Outcome, d.Owner, c.moment(d.At), listWords(missing)))
}

// reviewedLate says, for a decision none of whose evidence reviewed was
// collected by its moment, when each record was collected; nil when one
// was (at the same instant counts), or is not among the step's records.
func (c *checker) reviewedLate(d *model.Event) []string {
	var late []string
	seen := map[string]bool{}
	for _, id := range d.EvidenceReviewed {
		i := slices.IndexFunc(c.s.Evidence, func(ev model.Evidence) bool { return ev.ID == id })
		if i < 0 || !c.s.Evidence[i].CollectedAt.After(d.At) {
			return nil
		}
		if ev := &c.s.Evidence[i]; !seen[ev.ID] {
			seen[ev.ID] = true
			late = append(late, fmt.Sprintf("%s was collected at %s, %s later", ev.ID, c.moment(ev.CollectedAt), between(d.At, ev.CollectedAt)))
		}
	}
	return late
}
