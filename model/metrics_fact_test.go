package model

import (
	"reflect"
	"testing"
	"time"
)

func TestWhatOneSuggestionAddsToTheSums(t *testing.T) {
	conf := func(c float64) *float64 { return &c }
	at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	base := MetricCell{Agent: "a", Action: "block_ip", Month: "2026-03", Suggestions: 1}
	// Computed at run time, as Cell does: constants would be exact.
	sq := func(c, o float64) float64 { return (c - o) * (c - o) }
	with := func(f func(*MetricCell)) MetricCell { c := base; f(&c); return c }
	cases := []struct {
		name string
		fact SuggestionFact
		want MetricCell
	}{
		{"a pending suggestion counts as pending only",
			SuggestionFact{State: StatePending, Confidence: conf(0.9)},
			with(func(c *MetricCell) { c.Pending = 1 })},
		{"a deferred suggestion counts in suggestions only",
			SuggestionFact{State: StateDeferred},
			base},
		{"an automation's run is followed but not decided",
			SuggestionFact{State: StateAutoExecuted, Proposed: VerdictFollowed},
			with(func(c *MetricCell) { c.AutoExecuted, c.Followed = 1, 1 })},
		{"a review overrides the proposal, and its hindsight is judged and scored",
			SuggestionFact{State: StateDecided, Proposed: VerdictFollowed, Reviewed: VerdictIgnored, AICorrect: AICorrectYes, Confidence: conf(0.8)},
			with(func(c *MetricCell) {
				c.Decided, c.Ignored, c.DecidedOverridden, c.IgnoredJudged, c.IgnoredCorrect = 1, 1, 1, 1, 1
				c.Scored, c.ConfidenceSum, c.OutcomeSum, c.SquaredErrorSum = 1, 0.8, 1, sq(0.8, 1)
				c.Bins[8] = BinSums{Scored: 1, ConfidenceSum: 0.8, OutcomeSum: 1}
			})},
		{"partial is scored at half but not judged",
			SuggestionFact{State: StateDecided, Proposed: VerdictFollowed, Reviewed: VerdictFollowed, AICorrect: AICorrectPartial, Confidence: conf(1)},
			with(func(c *MetricCell) {
				c.Decided, c.Followed, c.DecidedFollowed = 1, 1, 1
				c.Scored, c.ConfidenceSum, c.OutcomeSum, c.SquaredErrorSum = 1, 1, 0.5, 0.25
				c.Bins[9] = BinSums{Scored: 1, ConfidenceSum: 1, OutcomeSum: 0.5}
			})},
		{"a decided suggestion a reviewer marked none is decided but neither followed nor overridden",
			SuggestionFact{State: StateDecided, Proposed: VerdictModified, Reviewed: VerdictNone, AICorrect: AICorrectUnknown, Confidence: conf(0.5)},
			with(func(c *MetricCell) { c.Decided = 1 })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fact
			f.Agent, f.Action, f.At = "a", "block_ip", at
			if got := f.Cell(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
