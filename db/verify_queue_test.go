package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// queueWrites records a first approval of S2 and then a queue decision on
// it, with a check that plans exactly that (the policy is not under test).
func queueWrites(t *testing.T, d *DB) {
	t.Helper()
	ctx := context.Background()
	req := model.DecideRequest{Incident: "INC-1", Suggestion: "S2", Person: "alice", Outcome: model.OutcomeApproved, Rationale: "rotate it"}
	first := func(s model.DecisionState) (model.DecisionPlan, error) {
		return model.DecisionPlan{Tier: model.TierCritical, FirstApproval: &model.PendingApproval{Incident: "INC-1", Suggestion: "S2",
			By: "alice", At: s.Now, Outcome: model.OutcomeApproved, Action: *s.Suggestion.Action, Rationale: "rotate it"}}, nil
	}
	if _, err := d.Decide(ctx, req, first); err != nil {
		t.Fatal(err)
	}
	final := func(s model.DecisionState) (model.DecisionPlan, error) {
		return model.DecisionPlan{Tier: model.TierCritical, Decision: &model.Event{ID: "D-S2", At: s.Now, Kind: model.KindDecision,
			Suggestion: "S2", Owner: "mara", Outcome: model.OutcomeApproved, Action: s.Suggestion.Action, Rationale: "agreed",
			Approvals: []model.Approval{{By: "alice", At: s.Now}, {By: "mara", At: s.Now}}}}, nil
	}
	req.Person = "mara"
	if _, err := d.Decide(ctx, req, final); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyCoversApprovalsAndQueueDecisions(t *testing.T) {
	cases := []struct {
		name, stmt, table, subject, reason string
	}{
		{"nothing changed", "", "", "", ""},
		{"an edited first approval", "UPDATE queue_approvals SET person = 'mara'", "queue_approvals", "S2", "the row's approver differs"},
		{"a deleted first approval", "DELETE FROM queue_approvals", "queue_approvals", "S2", "its row is missing"},
		{"a queue decision moved to another suggestion", "UPDATE queue_decisions SET suggestion = 'S1'", "queue_decisions", "S1", "does not match the decision event"},
		{"a forged queue decision", "INSERT INTO queue_decisions (seq, inc, suggestion) SELECT seq, inc, 'S1' FROM events WHERE id = 'D1'",
			"queue_decisions", "S1", "does not match the decision event"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			queueWrites(t, d)
			if c.stmt != "" {
				tamper(t, d.path, c.stmt)
			}
			res, err := d.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if c.reason == "" {
				if !res.Intact {
					t.Errorf("got %s; want intact", res)
				}
				return
			}
			if res.Intact || res.Table != c.table || res.Subject != c.subject || !strings.Contains(res.Reason, c.reason) {
				t.Errorf("got %s (%+v); want %s %s: %s", res, res, c.table, c.subject, c.reason)
			}
		})
	}
}
