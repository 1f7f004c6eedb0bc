package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// A stream can add a person with any authority and a decision owned and
// approved by such people. The store tells a decision made in the queue
// from one that came in any other way, whatever the decision says.
func TestTheStoreTellsADecisionMadeInTheQueueFromAnImportedOne(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueueOnItsDay(t)
		ctx := context.Background()
		for _, person := range []string{"alice", "dave"} {
			if _, err := decide(d, person, "S3", model.OutcomeApproved); err != nil {
				t.Fatal(err)
			}
		}
		feed := storedHeader(t, d, "INC-2046") +
			`{"record":"person","id":"mallory","name":"Mallory","authority":"high"}` + "\n" +
			`{"record":"person","id":"trent","name":"Trent","authority":"high"}` + "\n" +
			`{"record":"event","id":"D-S4","at":"2026-11-25T09:00:00Z","kind":"decision","suggestion":"S4","owner":"mallory","outcome":"approved",` +
			`"action":{"type":"delete_resource","target":"mining-vm"},"rationale":"fine","evidence_reviewed":["EV-2"],` +
			`"approvals":[{"by":"trent","at":"2026-11-25T09:00:00Z"},{"by":"mallory","at":"2026-11-25T09:00:00Z"}]}` + "\n"
		if _, err := importStream(t, d, "feed", feed); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name, id string
			want     bool
		}{
			{"a critical action approved by two people in the queue was", "D-S3", true},
			{"an appended approval named as the queue names its own was not", "D-S4", false},
			{"a decision of the imported document was not", "D7", false},
			{"a decision made without a suggestion, imported, was not", "D2", false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got, err := d.DecidedInQueue(ctx, "INC-2046", tc.id)
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want {
					t.Errorf("DecidedInQueue(%s) = %v; want %v", tc.id, got, tc.want)
				}
			})
		}
		t.Run("an event that is not a decision is not found", func(t *testing.T) {
			_, err := d.DecidedInQueue(ctx, "INC-2046", "S5")
			wantError(t, err, model.ENOTFOUND, "incident INC-2046 has no decision S5")
		})
	})
}
