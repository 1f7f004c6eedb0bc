package review

import (
	"time"

	"github.com/signoff/signoff/model"
)

// Scorecard sums up a training run (docs/training.md). Counts are over the
// decision points the trainee answered; Points is every decision point of
// the incident, so an unfinished run shows how far it got.
type Scorecard struct {
	Run      model.TrainingRun
	Points   int // decision points in the incident
	Answered int
	Agree    int // same way as the real decision
	Exact    int // same outcome and action
	// HindsightJudged answered points have a yes, no or partial judgement;
	// Hindsight is the sum of their scores.
	HindsightJudged int
	Hindsight       float64
	// AuthorityJudged is false when the run has no authority to judge with.
	AuthorityJudged bool
	NoEvidence      []string // subjects approved without evidence on the target
	NoAuthority     []string // subjects approved beyond the trainee's authority
	TotalTime       time.Duration
	Steps           []TrainingStep // every decision point, in time order
}

// ScoreRun scores a run against the whole incident.
func ScoreRun(doc model.Document, run model.TrainingRun, p *Policy) Scorecard {
	sc := Scorecard{Run: run, AuthorityJudged: run.Authority != ""}
	chosen := make(map[string]*model.TrainingChoice, len(run.Choices))
	for i := range run.Choices {
		chosen[run.Choices[i].Subject] = &run.Choices[i]
	}
	assets := make(map[string]*model.Asset, len(doc.Assets))
	for i := range doc.Assets {
		assets[doc.Assets[i].ID] = &doc.Assets[i]
	}
	for _, s := range Steps(doc) {
		if !IsDecisionPoint(s) {
			continue
		}
		c := chosen[s.Subject]
		var target *model.Asset
		if s.Suggestion.Action != nil {
			target = assets[s.Suggestion.Action.Target]
		}
		if c != nil && c.Action != nil {
			target = assets[c.Action.Target]
		}
		ts := ScoreChoice(s, c, doc.Evidence, run.Authority, target, p)
		sc.add(ts)
	}
	return sc
}

func (sc *Scorecard) add(ts TrainingStep) {
	sc.Steps = append(sc.Steps, ts)
	sc.Points++
	if ts.Choice == nil {
		return
	}
	sc.Answered++
	sc.TotalTime += ts.Choice.Took
	if ts.Agrees {
		sc.Agree++
	}
	if ts.Exact {
		sc.Exact++
	}
	if ts.HindsightJudged {
		sc.HindsightJudged++
		sc.Hindsight += ts.Hindsight
	}
	if ts.NoEvidence {
		sc.NoEvidence = append(sc.NoEvidence, ts.Subject)
	}
	if ts.NoAuthority {
		sc.NoAuthority = append(sc.NoAuthority, ts.Subject)
	}
}

// AgreeRate is Agree / Answered, nil with nothing answered.
func (sc Scorecard) AgreeRate() *float64 { return ratio(float64(sc.Agree), sc.Answered) }

// HindsightRate is Hindsight / HindsightJudged, nil with nothing judged.
func (sc Scorecard) HindsightRate() *float64 { return ratio(sc.Hindsight, sc.HindsightJudged) }

func ratio(n float64, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := n / float64(d)
	return &r
}
