package review

import (
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// t0 is 09:00 UTC on the day the test incidents happen.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func ptr[T any](v T) *T { return &v }

// cleanDoc is a minimal incident that breaks no rule: remediator suggests
// isolating host-1 (high containment), alice (authority high) approves it with
// a rationale and the evidence collected before, and she runs it by hand.
func cleanDoc() model.Document {
	return model.Document{
		Format: model.FormatV1,
		Incident: model.Incident{ID: "INC-1", Title: "Test incident", Severity: model.Sev2,
			Status: model.StatusResolved, OpenedAt: at(0), Commander: "alice"},
		People: []model.Person{
			{ID: "alice", Name: "Alice Moreau", Role: "IR lead", Authority: model.AuthorityHigh},
			{ID: "dave", Name: "Dave Chen", Authority: model.AuthorityHigh},
			{ID: "bob", Name: "Bob Stone", Authority: model.AuthorityMedium},
			{ID: "carl", Name: "Carl Roy", Authority: model.AuthorityLow},
			{ID: "mara", Name: "Mara Ilie", Authority: model.AuthorityNone},
		},
		Agents: []model.Agent{
			{ID: "remediator", Name: "Remediation assistant", Model: "vendor-model", Version: "2026-08", Role: model.RoleRemediation},
		},
		Assets: []model.Asset{
			{ID: "host-1", Kind: "host"},
			{ID: "deploy-bot", Kind: "service_account", Privileged: true},
			{ID: "other-host", Kind: "host"},
		},
		Evidence: []model.Evidence{
			{ID: "EV-1", Kind: "log", Asset: "host-1", CollectedAt: at(5), CollectedBy: "alice"},
			{ID: "EV-2", Kind: "log", Asset: "deploy-bot", CollectedAt: at(5), CollectedBy: "alice"},
		},
		Events: []model.Event{
			{ID: "S1", At: at(10), Kind: model.KindSuggestion, Agent: "remediator",
				Action:     &model.Action{Type: "isolate_host", Target: "host-1"},
				Confidence: ptr(0.9), ConfidenceCue: "strong match", Evidence: []string{"EV-1"}},
			{ID: "D1", At: at(12), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
				Outcome: model.OutcomeApproved, Action: &model.Action{Type: "isolate_host", Target: "host-1"},
				Rationale: "beaconing confirmed", EvidenceReviewed: []string{"EV-1"}},
			{ID: "X1", At: at(15), Kind: model.KindExecution, Decision: "D1", Actor: "alice", Result: "succeeded"},
		},
	}
}

// event returns the event id of doc for editing.
func event(t *testing.T, d *model.Document, id string) *model.Event {
	t.Helper()
	for i := range d.Events {
		if d.Events[i].ID == id {
			return &d.Events[i]
		}
	}
	t.Fatalf("test incident has no event %s", id)
	return nil
}

// setAction sets the suggested and decided action of the clean story.
func setAction(t *testing.T, d *model.Document, typ, target string) {
	event(t, d, "S1").Action = &model.Action{Type: typ, Target: target}
	event(t, d, "D1").Action = &model.Action{Type: typ, Target: target}
}

// autoExecute drops D1: X1 carries out S1 on the AI's word alone.
func autoExecute(t *testing.T, d *model.Document) {
	x := event(t, d, "X1")
	x.Decision, x.Suggestion = "", "S1"
	events := d.Events[:0]
	for _, e := range d.Events {
		if e.ID != "D1" {
			events = append(events, e)
		}
	}
	d.Events = events
}

func mustValid(t *testing.T, d model.Document) {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Fatalf("the test incident is not valid: %v", err)
	}
}
