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
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, stmt, table, subject, reason string
		}{
			{"nothing changed", "", "", "", ""},
			{"an edited first approval", "UPDATE queue_approvals SET person = 'mara'", "queue_approvals", "S2", "the row's approver differs"},
			{"a deleted first approval", "DELETE FROM queue_approvals", "queue_approvals", "S2", "its row is missing"},
			{"a queue decision moved to another suggestion", "UPDATE queue_decisions SET suggestion = 'S1'", "queue_decisions", "S1", "does not match the decision event"},
			{"a forged queue decision", "INSERT INTO queue_decisions (seq, inc, suggestion) SELECT seq, inc, 'S1' FROM events WHERE id = 'D1'",
				"queue_decisions", "S1", "does not match the decision event"},
			{"a deleted queue decision", "DELETE FROM queue_decisions",
				"queue_decisions", "D-S2", "the decision was made in the queue but its row is missing from queue_decisions"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				queueWrites(t, d)
				if c.stmt != "" {
					tamper(t, d.Address(), c.stmt)
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
	})
}

// What the queue, the metrics and the incident list read instead of the
// record is recomputed by verify and compared, naming the first difference.
func TestVerifyHoldsTheDerivedTablesToTheRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, stmt, table, subject, reason string
		}{
			{"a pending suggestion hidden from the queue", "DELETE FROM pending_items WHERE id = 'S2'",
				"pending_items", "S2", "the suggestion is pending but has no row in pending_items"},
			{"a suggestion's action changed in the queue", "UPDATE pending_items SET detail = 'rm -rf /' WHERE id = 'S2'",
				"pending_items", "S2", "its action differs from the suggestion's"},
			{"a decided suggestion put back in the queue", "INSERT INTO pending_items SELECT seq, inc, id, at, actor, action, target, '', NULL, 0, NULL FROM events WHERE id = 'S1'",
				"pending_items", "S1", "names no pending suggestion"},
			{"a fact's state changed", "UPDATE suggestion_facts SET state = 'pending' WHERE seq = (SELECT seq FROM events WHERE id = 'S1')",
				"suggestion_facts", "S1", `its state differs from what the record says ("decided")`},
			{"a fact deleted", "DELETE FROM suggestion_facts WHERE seq = (SELECT seq FROM events WHERE id = 'S1')",
				"suggestion_facts", "S1", "has no row in suggestion_facts"},
			{"a metrics sum changed", "UPDATE suggestion_cells SET followed = followed + 5",
				"suggestion_cells", "remediator/revoke_token/2026-02/8", "its followed is 5 where the record gives 0"},
			{"an incident's pending count changed", "UPDATE incident_counts SET pending = 0",
				"incident_counts", "INC-1", "it counts 0 pending where the record has 1"},
		}
		for _, c := range cases {
			t.Run(c.name+" is found", func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				tamper(t, d.Address(), c.stmt)
				res, err := d.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact || res.Table != c.table || res.Subject != c.subject || !strings.Contains(res.Reason, c.reason) {
					t.Errorf("got %s (%+v); want %s %s: %s", res, res.Faults, c.table, c.subject, c.reason)
				}
			})
		}
	})
}
