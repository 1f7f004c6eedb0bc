package db

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A store that keeps its last queue must list, after any write by another
// connection, exactly what a store opened afresh lists.
func TestPendingQueueAfterOtherWritesMatchesAFreshRead(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openQueue(t)
		other, err := Open(ctx, d.Address(), fixedClock)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		head := strings.SplitN(feed, "\n", 2)[0] + "\n"
		steps := []struct {
			name  string
			write func(t *testing.T)
		}{
			{"nothing written", func(t *testing.T) {}},
			{"a new open incident with a pending suggestion", func(t *testing.T) {
				feedStream(t, other, feed+`{"record": "event", "id": "S9", "at": "2026-02-12T09:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "revoke_key", "target": "ci-key"}}`+"\n")
			}},
			{"a suggestion appended to it", func(t *testing.T) {
				feedStream(t, other, head+`{"record": "event", "id": "S10", "at": "2026-02-12T10:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "block_ip", "target": "ci-key"}, "confidence": 0.35, "expires_at": "2027-01-01T00:00:00Z"}`+"\n")
			}},
			{"a first approval of a critical action", func(t *testing.T) {
				if _, err := decide(other, "alice", "S3", model.OutcomeApproved); err != nil {
					t.Fatal(err)
				}
			}},
			{"a decision taking an item out", func(t *testing.T) {
				if _, err := decide(other, "alice", "S5", model.OutcomeRejected); err != nil {
					t.Fatal(err)
				}
			}},
			{"an execution answering a suggestion", func(t *testing.T) {
				feedStream(t, other, head+`{"record": "event", "id": "X9", "at": "2026-02-12T11:00:00Z", "kind": "execution", "suggestion": "S9", "actor": "soar", "automated": true, "result": "succeeded"}`+"\n")
			}},
			{"a closed incident imported", func(t *testing.T) {
				importDoc(t, other, sampleDoc())
			}},
		}
		for _, s := range steps {
			t.Run("after "+s.name, func(t *testing.T) {
				s.write(t)
				got, err := d.PendingQueue(ctx)
				if err != nil {
					t.Fatal(err)
				}
				fresh, err := Open(ctx, d.Address(), fixedClock)
				if err != nil {
					t.Fatal(err)
				}
				defer fresh.Close()
				want, err := fresh.PendingQueue(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("the kept queue differs from a fresh read:\n%+v\n---\n%+v", got, want)
				}
			})
		}
	})
}
