package model

// What one suggestion adds to each sum the trust metrics divide (SPEC.md
// "Trust metrics"). The database says it in SQL (suggestion_facts'
// generated columns, migration 0003), and its check of the derived tables
// holds those equal to this; the report sums it over the steps it walks.

// Bin is the confidence bin of the reliability table a confidence falls
// in: tenths, with 1.0 (and above) in the last.
func Bin(confidence float64) int {
	if confidence >= 1 {
		return Bins - 1
	}
	return int(confidence * 10)
}

// Cell is what the suggestion adds to its group's sums.
func (f SuggestionFact) Cell() MetricCell {
	c := MetricCell{Agent: f.Agent, Action: f.Action, Month: f.At.UTC().Format("2006-01"), Suggestions: 1}
	one := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	counted := f.Counted()
	followed, modified, ignored := counted == VerdictFollowed, counted == VerdictModified, counted == VerdictIgnored
	decided := f.State == StateDecided
	judged := f.AICorrect == AICorrectYes || f.AICorrect == AICorrectNo
	correct := f.AICorrect == AICorrectYes
	c.Pending, c.AutoExecuted, c.Decided = one(f.State == StatePending), one(f.State == StateAutoExecuted), one(decided)
	c.Followed, c.Modified, c.Ignored = one(followed), one(modified), one(ignored)
	c.DecidedFollowed, c.DecidedOverridden = one(decided && followed), one(decided && (modified || ignored))
	c.FollowedJudged, c.FollowedCorrect = one(followed && judged), one(followed && correct)
	c.IgnoredJudged, c.IgnoredCorrect = one(ignored && judged), one(ignored && correct)
	if outcome, ok := f.AICorrect.Outcome(); ok && f.Confidence != nil {
		conf := *f.Confidence
		c.Scored, c.ConfidenceSum, c.OutcomeSum = 1, conf, outcome
		c.SquaredErrorSum = (conf - outcome) * (conf - outcome)
		c.Bins[Bin(conf)] = BinSums{Scored: 1, ConfidenceSum: conf, OutcomeSum: outcome}
	}
	return c
}

// Outcome is hindsight as a number for the Brier score: yes 1, no 0,
// partial 0.5; unknown (or no judgement) has none.
func (a AICorrect) Outcome() (float64, bool) {
	switch a {
	case AICorrectYes:
		return 1, true
	case AICorrectNo:
		return 0, true
	case AICorrectPartial:
		return 0.5, true
	}
	return 0, false
}
