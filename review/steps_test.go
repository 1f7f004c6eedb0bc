package review

import (
	"reflect"
	"testing"

	"github.com/signoff/signoff/model"
)

func eventIDs(es []model.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func evidenceIDs(es []model.Evidence) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// stepsDoc adds to the clean story: a deferral then approval of S2 (with an
// execution on S2's word), a human-originated D9 earlier than S2, evidence
// for host-1 that nothing cites, and reviews out of order.
func stepsDoc(t *testing.T) model.Document {
	d := cleanDoc()
	d.Evidence = append(d.Evidence,
		model.Evidence{ID: "EV-3", Kind: "image", Asset: "host-1", CollectedAt: at(2), CollectedBy: "dave"},
		model.Evidence{ID: "EV-4", Kind: "note", CollectedAt: at(3), CollectedBy: "dave"})
	d.Events = append(d.Events,
		model.Event{ID: "S2", At: at(40), Kind: model.KindSuggestion, Agent: "remediator",
			Action: &model.Action{Type: "block_ip", Target: "other-host"}, Evidence: []string{"EV-4"}},
		model.Event{ID: "D2b", At: at(50), Kind: model.KindDecision, Suggestion: "S2", Owner: "dave", Outcome: model.OutcomeApproved,
			Action: &model.Action{Type: "block_ip", Target: "other-host"}},
		model.Event{ID: "D2a", At: at(45), Kind: model.KindDecision, Suggestion: "S2", Owner: "bob", Outcome: model.OutcomeDeferred},
		model.Event{ID: "X2", At: at(55), Kind: model.KindExecution, Suggestion: "S2", Actor: "soar", Automated: true, Result: "succeeded"},
		model.Event{ID: "D9", At: at(30), Kind: model.KindDecision, Owner: "alice", Outcome: model.OutcomeApproved,
			Action: &model.Action{Type: "notify_internal"}},
	)
	d.Reviews = []model.Review{
		{Subject: "S1", Reviewer: "mara", At: at(90), Verdict: "modified", OutcomeChanged: "yes", AICorrect: "yes"},
		{Subject: "S1", Reviewer: "mara", At: at(80), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "yes"},
	}
	mustValid(t, d)
	// A verdict on a decision that answers a suggestion is refused by every
	// reference check (the step's subject is the suggestion); Steps still
	// files one under its step, should a record hold it.
	d.Reviews = append(d.Reviews, model.Review{Subject: "D2a", Reviewer: "mara", At: at(95), Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"})
	return d
}

func TestSteps(t *testing.T) {
	steps := Steps(stepsDoc(t))
	var subjects []string
	for _, s := range steps {
		subjects = append(subjects, s.Subject)
	}
	if want := []string{"S1", "D9", "S2"}; !reflect.DeepEqual(subjects, want) {
		t.Fatalf("subjects %v, want %v in time order", subjects, want)
	}
	s1, d9, s2 := steps[0], steps[1], steps[2]
	cases := []struct {
		name      string
		got, want any
	}{
		{"a suggestion step keeps its suggestion", s1.Suggestion.ID, "S1"},
		{"a suggestion step holds its decisions", eventIDs(s1.Decisions), []string{"D1"}},
		{"a suggestion step holds the executions of its decisions", eventIDs(s1.Executions), []string{"X1"}},
		{"evidence includes every record for the target asset, by collection time", evidenceIDs(s1.Evidence), []string{"EV-3", "EV-1"}},
		{"reviews are oldest first", []string{string(s1.Reviews[0].Verdict), string(s1.Reviews[1].Verdict)}, []string{"followed", "modified"}},
		{"the target asset is the final action's", s1.TargetAsset.ID, "host-1"},
		{"the step names its incident", s1.Incident, "INC-1"},
		{"a human-originated step has no suggestion", d9.Suggestion == nil, true},
		{"a human-originated step holds its decision", eventIDs(d9.Decisions), []string{"D9"}},
		{"an action without target has no target asset", d9.TargetAsset == nil, true},
		{"decisions are oldest first, the last final", eventIDs(s2.Decisions), []string{"D2a", "D2b"}},
		{"an execution naming the suggestion belongs to its step", eventIDs(s2.Executions), []string{"X2"}},
		{"cited evidence without an asset is included", evidenceIDs(s2.Evidence), []string{"EV-4"}},
		{"a review naming a decision of the step belongs to it", len(s2.Reviews), 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !reflect.DeepEqual(tc.got, tc.want) {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestStepsOfAnEmptyIncident(t *testing.T) {
	d := cleanDoc()
	d.Events = nil
	if s := Steps(d); len(s) != 0 {
		t.Fatalf("an incident with no events has steps: %+v", s)
	}
}
