package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// The queue's detail, what an owner reads before approving, showed the
// item's action, agent, confidence, rank and times from its pending_items
// row alone: a critical deletion edited outside signoff into a read-only
// lookup showed as the suggestion, tier and all, with no banner. The
// item is held to the suggestion's entry: it shows what the entry holds,
// and the store's reads say the row was altered.
func TestAPendingItemsDetailIsHeldToItsSuggestion(t *testing.T) {
	cases := []struct{ name, stmt, want string }{
		{"an action", "UPDATE pending_items SET action = 'lookup', detail = 'FORGED: read-only lookup' WHERE id = 'S4'", "(its action)"},
		{"a target", "UPDATE pending_items SET target = 'mcp-gateway' WHERE id = 'S4'", "(its action)"},
		{"an agent", "UPDATE pending_items SET agent = 'triage' WHERE id = 'S4'", "(its agent)"},
		{"a confidence", "UPDATE pending_items SET confidence = '0.99' WHERE id = 'S4'", "(its confidence)"},
		{"an expiry", "UPDATE pending_items SET expires_at = '2099-01-01T00:00:00Z' WHERE id = 'S4'", "(its expiry)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openQueue(t)
				ctx := context.Background()
				intact, err := d.PendingDetail(ctx, "INC-2046", "S4")
				if err != nil {
					t.Fatal(err)
				}
				tamper(t, d.Address(), c.stmt)
				pd, err := d.PendingDetail(ctx, "INC-2046", "S4")
				if err != nil {
					t.Fatal(err)
				}
				it, was := pd.Item, intact.Item
				if !model.SameAction(&it.Action, &was.Action) || it.Agent != was.Agent || *it.Confidence != *was.Confidence ||
					!it.ExpiresAt.Equal(*was.ExpiresAt) || it.Target == nil || it.Target.ID != was.Target.ID {
					t.Errorf("the detail shows %+v; its record %+v", it, was)
				}
				if got := d.ReadFault(); !strings.Contains(got, c.want) {
					t.Errorf("the store's reads say %q, want %q", got, c.want)
				}
			})
		})
	}
}

// A first approval was read by its queue_approvals row without holding
// the entry to the suggestion the row names: a row moved from S3 to S4
// showed S4 "awaiting second approval" by alice, and one more approval
// made S4 final on alice's approval of S3 (a critical action by one
// person). The approval's entry must be one of that suggestion: the queue
// shows none, and a decision on it is refused, naming the row.
func TestAFirstApprovalIsHeldToItsSuggestion(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		if res, err := decide(d, "alice", "S3", model.OutcomeApproved); err != nil || !res.Awaiting {
			t.Fatalf("first approval %+v, %v", res, err)
		}
		tamper(t, d.Address(), "UPDATE queue_approvals SET suggestion = 'S4' WHERE suggestion = 'S3'")
		const want = `the row of "S4" points at it, but it is the entry of "S3"`
		q, err := d.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range q.Items {
			if it.FirstApproval != nil {
				t.Errorf("%s shows a first approval by %s", it.Key(), it.FirstApproval.By)
			}
		}
		if got := d.ReadFault(); !strings.Contains(got, want) {
			t.Errorf("the store's reads say %q, want %q", got, want)
		}
		before := stateOf(t, d)
		res, err := decide(d, "dave", "S4", model.OutcomeApproved)
		wantError(t, err, model.ETAMPERED, want)
		if res.Decision != nil || stateOf(t, d) != before {
			t.Errorf("a decision was recorded on another suggestion's approval: %+v", res.Decision)
		}
	})
}
