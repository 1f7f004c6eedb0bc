package review

import "github.com/signoff/signoff/model"

// The report's trust section: the trust metrics of `signoff metrics`,
// restricted to one incident, per agent. The report sums them over the
// steps it walks (the checked record), with the rule that says what one
// suggestion adds (model.SuggestionFact.Cell, which the store's derived
// tables are checked against) and the division of `signoff metrics`
// (acc.metrics): one definition of each, none of them here.

// AgentTrust is one agent's trust metrics over the incident's suggestions,
// by the keys `signoff metrics --format json` gives them.
type AgentTrust struct {
	Agent              string   `json:"agent"`
	Suggestions        int      `json:"suggestions"`
	Pending            int      `json:"pending"`
	AutoExecuted       int      `json:"auto_executed"`
	Decided            int      `json:"decided"`
	Followed           int      `json:"followed"`
	Modified           int      `json:"modified"`
	Ignored            int      `json:"ignored"`
	AcceptanceRate     *float64 `json:"acceptance_rate"`
	OverrideRate       *float64 `json:"override_rate"`
	HindsightPrecision *float64 `json:"hindsight_precision"`
	MissedValue        *float64 `json:"missed_value"`
	Brier              *float64 `json:"brier"`
}

// StepFact is the suggestion of a step as the trust metrics see it; false
// for a human-originated action. proposed is the step's proposed verdict
// (ProposeVerdict, which the store's SQL is held equal to).
func StepFact(s *model.Step, proposed model.Verdict) (model.SuggestionFact, bool) {
	if s.Suggestion == nil {
		return model.SuggestionFact{}, false
	}
	sug := s.Suggestion
	f := model.SuggestionFact{
		Incident: s.Incident, Suggestion: sug.ID, At: sug.At, Agent: sug.Agent,
		Confidence: sug.Confidence, State: model.StatePending, Proposed: proposed,
	}
	if sug.Action != nil {
		f.Action = sug.Action.Type
	}
	switch d := s.FinalDecision(); {
	case d != nil && d.Outcome == model.OutcomeDeferred:
		f.State = model.StateDeferred
	case d != nil:
		f.State = model.StateDecided
	case len(s.Executions) > 0:
		f.State = model.StateAutoExecuted
	}
	if r := s.LatestReview(); r != nil {
		f.Reviewed, f.AICorrect = r.Verdict, r.AICorrect
	}
	return f, true
}

// trustTally sums each agent's suggestions: one cell an agent, whatever
// the size of the incident.
type trustTally struct{ agents groups }

func (t *trustTally) add(s *model.Step, proposed model.Verdict) {
	f, ok := StepFact(s, proposed)
	if !ok {
		return
	}
	if t.agents == nil {
		t.agents = groups{}
	}
	t.agents.at(f.Agent).add(f.Cell())
}

// rows are the agents' metrics, by agent id.
func (t *trustTally) rows() []AgentTrust {
	out := []AgentTrust{}
	for _, k := range t.agents.keys() {
		m := t.agents[k].metrics()
		out = append(out, AgentTrust{Agent: k,
			Suggestions: m.Suggestions, Pending: m.Pending, AutoExecuted: m.AutoExecuted, Decided: m.Decided,
			Followed: m.Followed, Modified: m.Modified, Ignored: m.Ignored,
			AcceptanceRate: m.AcceptanceRate, OverrideRate: m.OverrideRate,
			HindsightPrecision: m.HindsightPrecision, MissedValue: m.MissedValue, Brier: m.Brier})
	}
	return out
}
