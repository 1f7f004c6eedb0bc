package tuitest

import (
	"time"

	"github.com/signoff/signoff/model"
)

func at(min int) time.Time { return time.Date(2026, 4, 1, 9, min, 0, 0, time.UTC) }

// SmallIncident is a whole incident in five rows: an alert, evidence, one AI
// suggestion, its decision and its execution, reviewed as wrong.
func SmallIncident() model.Document {
	conf := 0.7
	return model.Document{
		Format: model.FormatV1,
		Incident: model.Incident{ID: "INC-7", Title: "Phished laptop", Severity: model.Sev3, Status: model.StatusClosed,
			OpenedAt: at(0), Summary: "The isolation was not needed."},
		People: []model.Person{{ID: "alice", Name: "Alice Moreau", Authority: model.AuthorityHigh},
			{ID: "mara", Name: "Mara Quist", Authority: model.AuthorityMedium}},
		Agents: []model.Agent{{ID: "helper", Name: "Helper", Model: "m", Version: "1", Role: model.RoleRemediation}},
		Assets: []model.Asset{{ID: "laptop-9", Kind: "host", Owner: "alice"}},
		Evidence: []model.Evidence{{ID: "EV-1", Kind: "edr", Asset: "laptop-9", CollectedAt: at(2), CollectedBy: "alice",
			Summary: "a macro started powershell"}},
		Events: []model.Event{
			{ID: "E1", At: at(1), Kind: model.KindAlert, Source: "edr", Summary: "macro on laptop-9"},
			{ID: "S1", At: at(3), Kind: model.KindSuggestion, Agent: "helper",
				Action:     &model.Action{Type: "isolate_host", Target: "laptop-9", Detail: "cut it off"},
				Confidence: &conf, ConfidenceCue: "one host", Rationale: "stop spread", Evidence: []string{"EV-1"}},
			{ID: "D1", At: at(5), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice", Outcome: model.OutcomeApproved,
				Action: &model.Action{Type: "isolate_host", Target: "laptop-9", Detail: "cut it off"}, Rationale: "better safe",
				EvidenceReviewed: []string{"EV-1"}},
			{ID: "X1", At: at(6), Kind: model.KindExecution, Decision: "D1", Actor: "alice", Result: "succeeded"},
		},
		Reviews: []model.Review{{Subject: "S1", Reviewer: "mara", At: at(59), Verdict: model.VerdictFollowed,
			OutcomeChanged: "no", AICorrect: "no", Note: "the macro was blocked already"}},
	}
}
