package review

import (
	"time"

	"github.com/signoff/signoff/model"
)

// Training scores: how a trainee's choices compare with the real decisions.
// The rules are written out in docs/training.md;
// this file is their one implementation.

// IsDecisionPoint reports whether a trainee decides at this step: it began
// with an AI suggestion and its final real decision is not a deferral
// (SPEC.md counts only those as "decided").
func IsDecisionPoint(s model.Step) bool {
	d := s.FinalDecision()
	return s.Suggestion != nil && d != nil && d.Outcome != model.OutcomeDeferred
}

// TrainingStep is one decision point of a run: what the trainee chose
// beside what really happened, and how it scores.
type TrainingStep struct {
	Subject   string
	Suggested *model.Action
	Choice    *model.TrainingChoice // nil when the trainee did not reach it
	Real      *model.Event          // the final real decision
	// Agrees: the choice goes the same way as the real decision (approved
	// and modified both act; rejected refuses; deferred waits). Exact: the
	// same outcome and, when acting, the same action.
	Agrees, Exact bool
	// AICorrect is the latest review's hindsight judgement, "" when the
	// step has no review. Hindsight is the score against it, counted only
	// when HindsightJudged.
	AICorrect       model.AICorrect
	Hindsight       float64
	HindsightJudged bool
	// Tier of the trainee's action; NoEvidence and NoAuthority flag an
	// approval (or modification) that lacked them.
	Tier        model.Tier
	NoEvidence  bool
	NoAuthority bool
	// Diff compares the trainee's action with the real one; nil when the
	// same or when either side took no action.
	Diff []DiffSpan
}

// ScoreChoice scores one choice against its step. evidence must hold at
// least every record for the asset the suggestion targets (more is fine:
// only records for that asset, collected at or before the suggestion in
// timeline order, count). authority "" means authority is not judged.
func ScoreChoice(s model.Step, c *model.TrainingChoice, evidence []model.Evidence, authority model.Authority, target *model.Asset, p *Policy) TrainingStep {
	ts := TrainingStep{Subject: s.Subject, Choice: c, Real: s.FinalDecision()}
	if s.Suggestion != nil {
		ts.Suggested = s.Suggestion.Action
	}
	if r := s.LatestReview(); r != nil {
		ts.AICorrect = r.AICorrect
	}
	if c == nil || ts.Real == nil || s.Suggestion == nil {
		return ts
	}
	ts.Agrees = direction(c.Outcome) == direction(ts.Real.Outcome)
	ts.Exact = c.Outcome == ts.Real.Outcome && (!acts(c.Outcome) || model.SameAction(c.Action, realAction(s)))
	ts.Hindsight, ts.HindsightJudged = HindsightScore(c.Outcome, ts.AICorrect)
	if c.Action != nil && realAction(s) != nil && !model.SameAction(c.Action, realAction(s)) {
		ts.Diff = ActionDiff(c.Action, realAction(s))
	}
	if !acts(c.Outcome) || c.Action == nil {
		return ts
	}
	class, tier := p.Classify(*c.Action, target)
	ts.Tier = tier
	ts.NoAuthority = authority != "" && !HasAuthority(authority, tier)
	ts.NoEvidence = class == model.ClassContainment && c.Action.Target != "" &&
		!evidenceBy(evidence, c.Action.Target, s.Suggestion.At, s.Suggestion.ID)
	return ts
}

// realAction is the action the real decision took: its own, else (a
// rejection that does not restate it) the suggested one.
func realAction(s model.Step) *model.Action {
	if d := s.FinalDecision(); d != nil && d.Action != nil {
		return d.Action
	}
	if s.Suggestion != nil {
		return s.Suggestion.Action
	}
	return nil
}

func acts(o model.Outcome) bool { return o == model.OutcomeApproved || o == model.OutcomeModified }

// direction groups outcomes: act, refuse or wait.
func direction(o model.Outcome) int {
	switch o {
	case model.OutcomeApproved, model.OutcomeModified:
		return 1
	case model.OutcomeRejected:
		return 2
	}
	return 3
}

// evidenceBy reports whether a record for asset was collected at or before
// the moment (at, id) in timeline order: what the replay had shown.
func evidenceBy(evidence []model.Evidence, asset string, at time.Time, id string) bool {
	for _, e := range evidence {
		if e.Asset != asset {
			continue
		}
		if e.CollectedAt.Before(at) || e.CollectedAt.Equal(at) && e.ID <= id {
			return true
		}
	}
	return false
}

// HindsightScore scores a choice against the review's judgement of the
// AI: 1 − |trust − correct|, where trust is approve 1, modify ½, reject 0,
// and correct is yes 1, partial ½, no 0. A deferral trusts 0 but never
// scores above ½: it decided nothing. unknown and no review are not judged.
func HindsightScore(o model.Outcome, c model.AICorrect) (float64, bool) {
	var correct float64
	switch c {
	case "yes":
		correct = 1
	case "partial":
		correct = 0.5
	case "no":
		correct = 0
	default:
		return 0, false
	}
	var trust float64
	switch o {
	case model.OutcomeApproved:
		trust = 1
	case model.OutcomeModified:
		trust = 0.5
	}
	d := trust - correct
	if d < 0 {
		d = -d
	}
	score := 1 - d
	if o == model.OutcomeDeferred && score > 0.5 {
		score = 0.5
	}
	return score, true
}
