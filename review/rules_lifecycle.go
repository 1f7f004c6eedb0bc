package review

import (
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// The lifecycle's findings (RULES.md "Lifecycle"): what an incident's
// status changes make checkable. The queue and `signoff status` refuse
// each of these; they can only enter the record through an import, which
// records what a feed reports and leaves the judgement here.

// closedWithPending: the incident was resolved or closed while the step's
// suggestion had neither a decision nor an execution, or it is resolved or
// closed now with the suggestion still pending. Its subject is the
// suggestion; one finding per suggestion, at the first such change.
func (c *checker) closedWithPending() {
	s, life := c.s, c.s.Lifecycle
	if life == nil || s.Suggestion == nil {
		return
	}
	sug := s.Suggestion
	var first *model.StatusChange
	for i := range life.Changes {
		ch := &life.Changes[i]
		if ch.Status.Closes() && !ch.At.Before(sug.At) && !answeredBy(s, ch.At) && (first == nil || ch.At.Before(first.At)) {
			first = ch
		}
	}
	// The status the incident was imported with, when it closes, closed
	// it at closed_at, as action-after-close reads it: a moment like a
	// change's, unless a change already stood at that instant. (A
	// suggestion still pending in an incident closed now is said so below.)
	stillPending := len(s.Decisions) == 0 && len(s.Executions) == 0 && life.Current().Closes()
	imported := life.Imported.Closes() && life.ClosedAt != nil && !stillPending &&
		!life.ClosedAt.Before(sug.At) && !answeredBy(s, *life.ClosedAt)
	for i := range life.Changes {
		if imported && !life.Changes[i].At.After(*life.ClosedAt) {
			imported = false
		}
	}
	switch {
	case imported && (first == nil || life.ClosedAt.Before(first.At)):
		c.add(CodeClosedWithPending, sug.ID, sug.At, fmt.Sprintf("%s was still pending (no decision, no execution) when the incident was %s, at its recorded closed_at %s; a resolved or closed incident has no queue, so nobody owns its answer",
			sug.ID, life.Imported, c.moment(*life.ClosedAt)))
	case first != nil:
		c.add(CodeClosedWithPending, sug.ID, sug.At, fmt.Sprintf("%s was still pending (no decision, no execution) when %s marked the incident %s at %s (%s); a resolved or closed incident has no queue, so nobody owns its answer",
			sug.ID, first.By, first.Status, c.moment(first.At), first.ID))
	case stillPending:
		c.add(CodeClosedWithPending, sug.ID, sug.At, fmt.Sprintf("%s is still pending (no decision, no execution) but the incident is %s; a resolved or closed incident has no queue, so nobody owns its answer",
			sug.ID, life.Current()))
	}
}

// answeredBy reports whether a decision or execution of the step is timed
// at or before t.
func answeredBy(s *model.Step, t time.Time) bool {
	for _, d := range s.Decisions {
		if !d.At.After(t) {
			return true
		}
	}
	for _, x := range s.Executions {
		if !x.At.After(t) {
			return true
		}
	}
	return false
}

// actionAfterClose: a decision or execution timed after the incident was
// resolved or closed (and not reopened). Its subject is that event.
func (c *checker) actionAfterClose(e *model.Event) {
	life := c.s.Lifecycle
	if life == nil {
		return
	}
	closed, by := life.ClosedBefore(e.At)
	if !closed {
		return
	}
	when := "after the incident's recorded closed_at"
	if by != "" {
		when = "after status change " + by + " had resolved or closed the incident"
	}
	c.add(CodeActionAfterClose, e.ID, e.At, fmt.Sprintf("%s %s was recorded at %s, %s; nothing decides or acts in a resolved or closed incident until it is reopened",
		e.Kind, e.ID, c.moment(e.At), when))
}

// statusFindings are the findings about the status changes themselves, in
// the order they were recorded, the subject being the change's id:
// signature-mismatch, for a change whose signature does not prove it, then
// status-authority, one per change made by an agent, an id that is not a
// known person, or a person the policy does not let change the status.
func statusFindings(inc *model.Incident, changes []model.StatusChange, idx model.RosterIndex, p *Policy, times moments) []Finding {
	c := &checker{idx: idx, p: p, times: times} // no step: for its moment
	rule := p.StatusRule()
	commander := inc.Commander
	var out []Finding
	var places signing.Places
	for _, ch := range changes {
		key, err := signing.StatusKey(inc.ID, &ch, places.Status(inc.ID, &ch))
		if err == nil {
			err = p.keyFits(ch.By, key, ch.At)
		}
		if err != nil {
			out = append(out, Finding{Code: CodeSignatureMismatch, Level: Level(CodeSignatureMismatch), Subject: ch.ID,
				Message: fmt.Sprintf("%s marked the incident %s at %s: %s's signature: %v", ch.ID, ch.Status, c.moment(ch.At), ch.By, err)})
		}
		var why string
		person, known := idx.People[ch.By]
		_, agent := idx.Agents[ch.By]
		switch {
		case agent:
			why = fmt.Sprintf("%s is an AI agent; only a person may change an incident's status", ch.By)
		case !known:
			why = fmt.Sprintf("%s is not a known person of the incident", ch.By)
		case !rule.MayChangeStatus(&person, commander):
			why = fmt.Sprintf("%s has authority %s, and the policy lets %s change it", ch.By, person.Authority, rule.Who(commander))
		default:
			continue
		}
		out = append(out, Finding{Code: CodeStatusAuthority, Level: Level(CodeStatusAuthority), Subject: ch.ID,
			Message: fmt.Sprintf("%s marked the incident %s at %s: %s", ch.ID, ch.Status, c.moment(ch.At), why)})
	}
	return out
}
