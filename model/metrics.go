package model

import "time"

// MetricsFilter narrows the suggestions the trust metrics count. Zero
// fields do not filter.
type MetricsFilter struct {
	Incident string    // only this incident
	Since    time.Time // only suggestions made at or after this time
	Agent    string    // only this agent's suggestions
	Action   string    // only suggestions of this action type
}

// Bins is the number of confidence bins of the reliability table: tenths,
// with 1.0 in the last.
const Bins = 10

// BinSums are the scored suggestions of one confidence bin.
type BinSums struct {
	Scored        int
	ConfidenceSum float64
	OutcomeSum    float64
}

// MetricCell is one group of suggestions sharing agent, action type and
// month, with the additive sums every trust metric is computed from
// (SPEC.md "Trust metrics"). The store counts; review divides.
type MetricCell struct {
	Agent  string
	Action string // the suggested action type
	Month  string // YYYY-MM (UTC) of the suggestion

	Suggestions  int
	Pending      int // neither a decision nor an execution
	AutoExecuted int // executed with no decision
	Decided      int // final decision other than deferred

	// The verdict in force: the latest review verdict, else the proposed one.
	Followed, Modified, Ignored int
	// Among decided suggestions only: the numerators of the two rates.
	DecidedFollowed, DecidedOverridden int

	// Hindsight (the latest review's ai_correct): judged means yes or no.
	FollowedJudged, FollowedCorrect int
	IgnoredJudged, IgnoredCorrect   int

	// Scored suggestions have a confidence and a latest review judging
	// them yes (1), no (0) or partial (0.5).
	Scored          int
	ConfidenceSum   float64 // of scored suggestions
	OutcomeSum      float64 // of scored suggestions
	SquaredErrorSum float64 // Σ (confidence − outcome)²

	// The scored suggestions again, by confidence bin.
	Bins [Bins]BinSums
}

// SuggestionState says where a suggestion stands, for the metrics.
type SuggestionState string

const (
	StatePending      SuggestionState = "pending"       // neither a decision nor an execution
	StateAutoExecuted SuggestionState = "auto_executed" // executed with no decision
	StateDecided      SuggestionState = "decided"       // final decision other than deferred
	StateDeferred     SuggestionState = "deferred"      // final decision deferred
)

// SuggestionFact is one suggestion as the trust metrics see it: the row
// behind every number, listed when a reader drills into a metric.
type SuggestionFact struct {
	Incident   string
	Suggestion string
	At         time.Time
	Agent      string
	Action     string
	Target     string
	Confidence *float64
	State      SuggestionState
	Proposed   Verdict   // empty when the data proposes none
	Reviewed   Verdict   // the latest review verdict, empty when not reviewed
	AICorrect  AICorrect // of the latest review, empty when not reviewed
	Key        int64     // orders facts with At; pass back in MetricsCursor
}

// Counted is the verdict the metrics count: the review's, else the proposal.
func (f SuggestionFact) Counted() Verdict {
	if f.Reviewed != "" {
		return f.Reviewed
	}
	return f.Proposed
}

// MetricsCursor is a keyset position in a list of suggestion facts.
type MetricsCursor struct {
	At  time.Time
	Key int64
}

// Cursor returns the position just after f.
func (f SuggestionFact) Cursor() MetricsCursor { return MetricsCursor{At: f.At, Key: f.Key} }

// Add adds o's counts and sums to c: cells of different agents, actions or
// months combine by addition, whatever breakdown a report wants.
func (c *MetricCell) Add(o MetricCell) {
	c.Suggestions += o.Suggestions
	c.Pending += o.Pending
	c.AutoExecuted += o.AutoExecuted
	c.Decided += o.Decided
	c.Followed += o.Followed
	c.Modified += o.Modified
	c.Ignored += o.Ignored
	c.DecidedFollowed += o.DecidedFollowed
	c.DecidedOverridden += o.DecidedOverridden
	c.FollowedJudged += o.FollowedJudged
	c.FollowedCorrect += o.FollowedCorrect
	c.IgnoredJudged += o.IgnoredJudged
	c.IgnoredCorrect += o.IgnoredCorrect
	c.Scored += o.Scored
	c.ConfidenceSum += o.ConfidenceSum
	c.OutcomeSum += o.OutcomeSum
	c.SquaredErrorSum += o.SquaredErrorSum
	for i, b := range o.Bins {
		c.Bins[i].Scored += b.Scored
		c.Bins[i].ConfidenceSum += b.ConfidenceSum
		c.Bins[i].OutcomeSum += b.OutcomeSum
	}
}
