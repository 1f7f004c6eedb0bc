package metrics

import (
	"context"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
)

// fakeStore serves fixed cells and a list of facts, filtering the facts as
// the store does, so the dashboard can be tested without a database.
type fakeStore struct {
	model.Store // the rest of the store: the dashboard never calls it
	cells       []model.MetricCell
	facts       []model.SuggestionFact
	err         error
	calls       []model.MetricsFilter
}

func (f *fakeStore) MetricCells(_ context.Context, filter model.MetricsFilter) ([]model.MetricCell, error) {
	f.calls = append(f.calls, filter)
	return f.cells, f.err
}

func (f *fakeStore) MetricSuggestions(_ context.Context, filter model.MetricsFilter, after *model.MetricsCursor, limit int) ([]model.SuggestionFact, error) {
	f.calls = append(f.calls, filter)
	var out []model.SuggestionFact
	for _, s := range f.facts {
		if (filter.Agent != "" && s.Agent != filter.Agent) || (filter.Action != "" && s.Action != filter.Action) {
			continue
		}
		if after != nil && s.Key <= after.Key {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, s)
	}
	return out, f.err
}

func ptr[T any](v T) *T { return &v }

// sampleStore: two agents over three months; the remediator is good at
// lookups and poor at isolations, the triager is new and unreviewed.
func sampleStore() *fakeStore {
	c := func(agent, action, month string, bin, n, decided, followed, judged, correct int, conf, outcome, sq float64) model.MetricCell {
		cell := model.MetricCell{Agent: agent, Action: action, Month: month, Suggestions: n, Decided: decided,
			Followed: followed, DecidedFollowed: followed, DecidedOverridden: decided - followed, Modified: decided - followed,
			FollowedJudged: judged, FollowedCorrect: correct, Scored: judged, ConfidenceSum: conf, OutcomeSum: outcome, SquaredErrorSum: sq}
		if bin >= 0 {
			cell.Bins[bin] = model.BinSums{Scored: judged, ConfidenceSum: conf, OutcomeSum: outcome}
		}
		return cell
	}
	s := &fakeStore{cells: []model.MetricCell{
		c("remediator", "lookup", "2026-01", 9, 10, 10, 9, 8, 8, 7.6, 8, 0.02),
		c("remediator", "lookup", "2026-02", 8, 12, 12, 11, 10, 9, 8.5, 9, 0.9),
		c("remediator", "isolate_host", "2026-02", 7, 8, 8, 3, 3, 1, 2.25, 1, 1.2),
		c("remediator", "isolate_host", "2026-03", 9, 6, 6, 2, 2, 0, 1.9, 0, 1.8),
		c("remediator", "lookup", "2026-03", 6, 5, 4, 4, 4, 3, 2.6, 3, 0.5),
		c("triager\x1b[31m", "block_ip", "2026-03", -1, 4, 0, 0, 0, 0, 0, 0, 0),
	}}
	at := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	for i := range 130 {
		s.facts = append(s.facts, model.SuggestionFact{Incident: "INC-7", Suggestion: fmt.Sprintf("S%d", i+1),
			At: at.Add(time.Duration(i) * time.Hour), Agent: "remediator", Action: "lookup", Target: "host-1",
			Confidence: ptr(0.9), State: model.StateDecided, Proposed: model.VerdictFollowed, Key: int64(i + 1)})
	}
	s.facts[1].Reviewed, s.facts[1].AICorrect = model.VerdictIgnored, "no"
	s.facts[2].State, s.facts[2].Proposed, s.facts[2].Confidence = model.StatePending, "", nil
	return s
}
