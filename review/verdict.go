package review

import (
	"fmt"

	"github.com/signoff/signoff/model"
)

// Proposal is the verdict the data suggests for a step, with a one-line
// reason for the reviewer. Verdict is empty when there is nothing to
// propose yet (the suggestion is pending or its last decision deferred).
type Proposal struct {
	Verdict   model.Verdict
	Reason    string
	Suggested *model.Action
	Final     *model.Action
	Diff      []DiffSpan
}

// ProposeVerdict applies SPEC.md "Review verdicts": approved with the same
// action is followed; modified, or approved with a different action, is
// modified; rejected is ignored; no suggestion is none. An automation that
// carried out the suggestion with no decision followed it.
func ProposeVerdict(s model.Step) Proposal {
	p := proposeVerdict(s)
	if d := s.FinalDecision(); p.Suggested != nil && d != nil && d.Action != nil {
		p.Diff = ActionDiff(p.Suggested, d.Action)
	}
	return p
}

// proposeVerdict is ProposeVerdict without the word diff, which only
// what shows the change needs (a word diff of every step was a tenth of
// the JSON report's own work).
func proposeVerdict(s model.Step) Proposal {
	p := Proposal{}
	if s.Suggestion != nil {
		p.Suggested = s.Suggestion.Action
	}
	d := s.FinalDecision()
	if d != nil {
		p.Final = d.Action
	}
	switch {
	case s.Suggestion == nil && d != nil:
		p.Verdict = model.VerdictNone
		p.Reason = fmt.Sprintf("none: %s decided %s with no AI suggestion", d.Owner, d.ID)
	case s.Suggestion == nil:
		p.Reason = fmt.Sprintf("no proposal: %s has neither a suggestion nor a decision", s.Subject)
	case d == nil && len(s.Executions) > 0:
		p.Verdict = model.VerdictFollowed
		p.Final = p.Suggested
		p.Reason = fmt.Sprintf("followed: %s carried out %s's action with no human decision", s.Executions[0].ID, s.Suggestion.ID)
	case d == nil:
		p.Reason = fmt.Sprintf("no proposal yet: %s is pending, nobody has decided it", s.Suggestion.ID)
	default:
		p.Verdict, p.Reason = decided(s.Suggestion, d)
	}
	return p
}

func decided(sug, d *model.Event) (model.Verdict, string) {
	same := model.SameAction(sug.Action, d.Action)
	switch d.Outcome {
	case model.OutcomeApproved:
		if same {
			return model.VerdictFollowed, fmt.Sprintf("followed: %s approved %s's action unchanged (%s)", d.Owner, sug.ID, d.ID)
		}
		return model.VerdictModified, fmt.Sprintf("modified: %s approved an action different from %s's (%s)", d.Owner, sug.ID, d.ID)
	case model.OutcomeModified:
		if same {
			return model.VerdictModified, fmt.Sprintf("modified: %s marked %s modified, though the action matches %s's", d.Owner, d.ID, sug.ID)
		}
		return model.VerdictModified, fmt.Sprintf("modified: %s changed %s's action before approving it (%s)", d.Owner, sug.ID, d.ID)
	case model.OutcomeRejected:
		return model.VerdictIgnored, fmt.Sprintf("ignored: %s rejected %s (%s)", d.Owner, sug.ID, d.ID)
	}
	return "", fmt.Sprintf("no proposal yet: %s deferred %s at %s (%s) and nobody has decided it since", d.Owner, sug.ID, moments{}.at(d.At), d.ID)
}
