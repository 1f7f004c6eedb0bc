package review

import (
	"context"
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

// RunSource is what scoring reads of an incident: its assets, and one
// walk over its records in time order.
type RunSource interface {
	Roster(ctx context.Context, incident string) (model.Roster, error)
	model.RecordWalker
}

// ScoreRuns scores runs of one incident in a single walk over its
// records, holding only the runs, their scorecards and the first evidence
// record of each asset met so far: never the incident (at a million
// events the document is gigabytes).
func ScoreRuns(ctx context.Context, s RunSource, incident string, runs []model.TrainingRun, p *Policy) ([]Scorecard, error) {
	roster, err := s.Roster(ctx, incident)
	if err != nil {
		return nil, err
	}
	sc := NewRunScorer(roster.Assets, p)
	for _, r := range runs {
		sc.Add(r)
	}
	if err := s.EachRecord(ctx, incident, sc.Record); err != nil {
		return nil, err
	}
	return sc.Scorecards(), nil
}

// RunScorer scores runs of one incident as its records go by in time
// order (model.RecordWalker). A decision point is scored when its
// suggestion comes: the step it carries is whole, and every evidence
// record collected before it in timeline order has come already.
type RunScorer struct {
	p      *Policy
	assets map[string]*model.Asset
	// first is the first evidence record met for each asset: a record for
	// the asset was collected by a moment once the first one was.
	first map[string]model.Evidence
	runs  []runScore
}

type runScore struct {
	card   Scorecard
	chosen map[string]*model.TrainingChoice
}

// NewRunScorer scores against an incident with these assets.
func NewRunScorer(assets []model.Asset, p *Policy) *RunScorer {
	r := &RunScorer{p: p, assets: make(map[string]*model.Asset, len(assets)), first: map[string]model.Evidence{}}
	for i := range assets {
		r.assets[assets[i].ID] = &assets[i]
	}
	return r
}

// Add scores one more run; add every run before the first record.
func (r *RunScorer) Add(run model.TrainingRun) {
	rs := runScore{card: Scorecard{Run: run, AuthorityJudged: run.Authority != ""},
		chosen: make(map[string]*model.TrainingChoice, len(run.Choices))}
	for i := range rs.card.Run.Choices {
		rs.chosen[rs.card.Run.Choices[i].Subject] = &rs.card.Run.Choices[i]
	}
	r.runs = append(r.runs, rs)
}

// Record takes the next record of the walk.
func (r *RunScorer) Record(rec model.TimelineRecord) error {
	switch {
	case rec.Evidence != nil:
		r.Evidence(*rec.Evidence)
	case rec.Event != nil && rec.Event.Kind == model.KindSuggestion && rec.Step != nil:
		r.Step(rec.Step)
	}
	return nil
}

// Evidence notes a record collected, met in timeline order.
func (r *RunScorer) Evidence(e model.Evidence) {
	if _, ok := r.first[e.Asset]; !ok && e.Asset != "" {
		r.first[e.Asset] = e
	}
}

// Step scores a step at its suggestion, when it is a decision point.
func (r *RunScorer) Step(s *model.Step) {
	if !IsDecisionPoint(*s) {
		return
	}
	for i := range r.runs {
		rs := &r.runs[i]
		c := rs.chosen[s.Subject]
		var target *model.Asset
		if s.Suggestion.Action != nil {
			target = r.assets[s.Suggestion.Action.Target]
		}
		var evidence []model.Evidence
		if c != nil && c.Action != nil {
			target = r.assets[c.Action.Target]
			if e, ok := r.first[c.Action.Target]; ok {
				evidence = []model.Evidence{e}
			}
		}
		// Kept apart from the step and its payloads, which the walk lets go;
		// the choice stays the run's own.
		ts := detached(ScoreChoice(*s, c, evidence, rs.card.Run.Authority, target, r.p))
		ts.Choice = c
		rs.card.add(ts)
	}
}

// Scorecards are the runs' scorecards, in the order they were added.
func (r *RunScorer) Scorecards() []Scorecard {
	out := make([]Scorecard, len(r.runs))
	for i, rs := range r.runs {
		out[i] = rs.card
	}
	return out
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
