package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A queue decision mark inserted outside signoff for a pending suggestion
// (on PostgreSQL only by lifting migration 0009's trigger, as tamper does)
// takes the one mark the suggestion has. Deciding it, or deferring it with
// a closing, is then refused in signoff's words, naming the row, not with
// the driver's unique-constraint error; nothing is written; verify names
// the same row.
func TestAForgedQueueMarkIsNamedNotADriverError(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		for _, c := range []struct {
			name  string
			write func(d *DB) error
		}{
			{"a decision", func(d *DB) error {
				_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "alice",
					Outcome: model.OutcomeRejected, Rationale: "not ours"}, rules)
				return err
			}},
			{"a closing that defers it", func(d *DB) error {
				_, err := d.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed, Person: "alice",
					Rationale: "done", DeferPending: true}, statusRules)
				return err
			}},
		} {
			t.Run(c.name+" is refused", func(t *testing.T) {
				d := openQueueOnItsDay(t)
				tamper(t, d.Address(), `INSERT INTO queue_decisions (seq, inc, suggestion)
					SELECT e.seq, e.inc, 'S5' FROM events e JOIN incidents i ON i.seq = e.inc WHERE i.id = 'INC-2046' AND e.id = 'S5'`)
				head := chainHead(t, d)
				err := c.write(d)
				wantError(t, err, model.ETAMPERED, "no decision on S5 of INC-2046 can be recorded")
				if msg := model.ErrorMessage(err); !strings.Contains(msg, "(queue_decisions S5): the row marks this entry as the suggestion's queue decision, but the record holds no decision on it, so the row was inserted outside signoff") {
					t.Errorf("the refusal does not name the row plainly: %s", msg)
				}
				if chainHead(t, d) != head {
					t.Error("the refused write wrote to the record")
				}
				res, err := d.Verify(ctx)
				if err != nil || res.Intact || res.Table != "queue_decisions" || res.Subject != "S5" {
					t.Errorf("verify: %s, %v; want the forged mark of S5 named", res, err)
				}
			})
		}
	})
}
