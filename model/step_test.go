package model

import (
	"reflect"
	"testing"
	"time"
)

// stepOf is a step whose suggestion S1 targets host; D1 and D2 decide on it
// (D2 restates another target), and X1 carries out D1.
func stepOf() Step {
	return Step{
		Subject: "S1",
		Suggestion: &Event{ID: "S1", At: t0, Kind: KindSuggestion, Action: &Action{Type: "isolate_host", Target: "host"},
			Evidence: []string{"EV-1"}},
		Decisions: []Event{
			{ID: "D1", At: t0.Add(time.Minute), Kind: KindDecision, Outcome: OutcomeDeferred, EvidenceReviewed: []string{"EV-2", "EV-1"}},
			{ID: "D2", At: t0.Add(2 * time.Minute), Kind: KindDecision, Outcome: OutcomeModified, Action: &Action{Type: "block_ip", Target: "ip"}},
		},
		Executions: []Event{{ID: "X1", At: t0.Add(3 * time.Minute), Kind: KindExecution, Decision: "D1", Evidence: []string{"EV-3"}}},
	}
}

func TestWhatAStepsEventsSay(t *testing.T) {
	s := stepOf()
	noExecution := stepOf()
	noExecution.Executions = nil
	onlySuggestion := stepOf()
	onlySuggestion.Decisions, onlySuggestion.Executions = nil, nil
	tests := []struct {
		name      string
		got, want any
	}{
		{"an execution carries out the decision it names", s.DecisionOf(&s.Executions[0]).ID, "D1"},
		{"an execution with no decision acted on the suggestion", s.DecisionOf(&Event{ID: "X9", Suggestion: "S1"}) == nil, true},
		{"a decision that does not restate the action is about the suggested one", s.ActionOf(&s.Decisions[0]).Target, "host"},
		{"a decision that restates the action is about its own", s.ActionOf(&s.Decisions[1]).Target, "ip"},
		{"the step is about its final decision's action", s.Action().Target, "ip"},
		{"a step without decisions is about the suggested action", onlySuggestion.Action().Target, "host"},
		{"evidence is timed against the first execution", s.Reference().ID, "X1"},
		{"else against the final decision", noExecution.Reference().ID, "D2"},
		{"else against the suggestion", onlySuggestion.Reference().ID, "S1"},
		{"an empty step has no reference", (&Step{}).Reference() == nil, true},
		{"cited evidence comes in event order, repeats kept", s.CitedEvidence(), []string{"EV-1", "EV-2", "EV-1", "EV-3"}},
		{"targets are sorted and listed once", s.Targets(), []string{"host", "ip"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v; want %v", tt.got, tt.want)
			}
		})
	}
}

func TestSortEvidenceOrdersByTimeThenID(t *testing.T) {
	ev := []Evidence{
		{ID: "EV-3", CollectedAt: t0.Add(time.Minute)},
		{ID: "EV-2", CollectedAt: t0},
		{ID: "EV-10", CollectedAt: t0.Add(time.Minute).In(time.FixedZone("CET", 3600))},
		{ID: "EV-1", CollectedAt: t0},
	}
	SortEvidence(ev)
	var got []string
	for _, e := range ev {
		got = append(got, e.ID)
	}
	if want := []string{"EV-1", "EV-2", "EV-10", "EV-3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order is %v; want %v (the same instant in another zone is the same time)", got, want)
	}
}
