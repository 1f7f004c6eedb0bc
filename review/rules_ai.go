package review

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// undocumentedAI: a suggestion missing its confidence or confidence cue, or
// from an agent missing model or version. A cue, model or version that
// shows nothing (spaces, zero-width or bidi marks: model.Blank) is missing,
// as a rationale of them is (noRationale). Its subject is the suggestion.
func (c *checker) undocumentedAI(sug *model.Event) {
	var missing []string
	if sug.Confidence == nil {
		missing = append(missing, "no confidence")
	}
	if model.Blank(sug.ConfidenceCue) {
		missing = append(missing, "no confidence cue")
	}
	a, known := c.idx.Agents[sug.Agent]
	switch {
	case !known:
		missing = append(missing, fmt.Sprintf("agent %s is not a known agent", sug.Agent))
	default:
		var gaps []string
		if model.Blank(a.Model) {
			gaps = append(gaps, "model")
		}
		if model.Blank(a.Version) {
			gaps = append(gaps, "version")
		}
		if len(gaps) > 0 {
			missing = append(missing, fmt.Sprintf("agent %s has no %s", a.ID, strings.Join(gaps, " or ")))
		}
	}
	if len(missing) == 0 {
		return
	}
	c.add(CodeUndocumentedAI, sug.ID, sug.At, fmt.Sprintf("%s (from %s at %s): %s", sug.ID, sug.Agent, c.moment(sug.At), listWords(missing)))
}

// selfReview: a verdict recorded by the owner of a decision of the step it
// judges. Every record counts, superseded or not; one finding per subject.
func (c *checker) selfReview() {
	type owned struct{ owner, decision string }
	// The id an owner counts as (ids that read alike count as one) ->
	// the owner and the first decision they own.
	owners := map[string]owned{}
	who := c.idx.Alike.Who
	for i := range c.s.Decisions {
		d := &c.s.Decisions[i]
		if _, ok := owners[who.One(d.Owner)]; !ok {
			owners[who.One(d.Owner)] = owned{d.Owner, d.ID}
		}
	}
	bySubject := map[string][]string{}
	for _, r := range c.s.Reviews {
		o, ok := owners[who.One(r.Reviewer)]
		if !ok {
			continue
		}
		line := fmt.Sprintf("%s, owner of %s, recorded %s at %s", r.Reviewer, o.decision, r.Verdict, c.moment(r.At))
		if o.owner != r.Reviewer {
			line = fmt.Sprintf("%s, who reads like %s, the owner of %s, recorded %s at %s", spelt(r.Reviewer), spelt(o.owner), o.decision, r.Verdict, c.moment(r.At))
		}
		bySubject[r.Subject] = append(bySubject[r.Subject], line)
	}
	subjects := make([]string, 0, len(bySubject))
	for s := range bySubject {
		subjects = append(subjects, s)
	}
	sort.Strings(subjects)
	for _, s := range subjects {
		c.add(CodeSelfReview, s, c.eventTime(s), fmt.Sprintf("review of %s: %s; a decision should be judged by someone who did not make it",
			s, strings.Join(bySubject[s], "; ")))
	}
}

// verdictContradictsRecord: the verdict in force disagrees with what the
// record shows, which is the verdict signoff proposes from it; "none" on a
// step that began with an AI suggestion always does. Only the latest
// verdict is judged (a corrected one supersedes it); imported verdicts are
// judged alike. Its subject is the step's.
func (c *checker) verdictContradictsRecord() {
	r := c.s.LatestReview()
	if r == nil {
		return
	}
	p := proposeVerdict(*c.s) // the verdict and its reason; no word diff
	var shows string
	switch {
	case r.Verdict == model.VerdictNone && c.s.Suggestion != nil:
		shows = fmt.Sprintf("%s began with a suggestion from %s", c.s.Suggestion.ID, c.s.Suggestion.Agent)
		if p.Verdict != "" {
			shows = p.Reason
		}
	case p.Verdict == "" || p.Verdict == r.Verdict:
		return
	default:
		shows = p.Reason
	}
	c.add(CodeVerdictContradictsRecord, c.s.Subject, c.eventTime(c.s.Subject),
		fmt.Sprintf("%s's verdict %s (by %s at %s) disagrees with the record, which shows %s", c.s.Subject, r.Verdict, r.Reviewer, c.moment(r.At), shows))
}

// eventTime is the time of a suggestion or decision of the step.
func (c *checker) eventTime(id string) (t time.Time) {
	if c.s.Suggestion != nil && c.s.Suggestion.ID == id {
		return c.s.Suggestion.At
	}
	for i := range c.s.Decisions {
		if c.s.Decisions[i].ID == id {
			return c.s.Decisions[i].At
		}
	}
	return t
}
