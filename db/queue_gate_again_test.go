package db

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// noteGateAt writes a note of the gate on suggestion of INC-2046 whose id
// is made at at, so several notes on one suggestion have ids of their own.
func noteGateAt(t *testing.T, d *DB, suggestion, summary string, at time.Time) {
	t.Helper()
	note := model.Event{ID: gate.NoteID(suggestion, at), Kind: model.KindNote, Actor: gate.NoteActor, Summary: summary}
	if dec, err := d.NoteUnanswered(context.Background(), "INC-2046", suggestion, "gate", note); err != nil || dec != nil {
		t.Fatalf("noting %s: decision %v, err %v", suggestion, dec, err)
	}
}

// A gate run again for the same call after an earlier one told its agent
// no waits on the suggestion again: every reader takes the latest of the
// gate's notes, so the item is live until that gate ends in turn.
func TestAGateAskedAgainMakesItsItemLiveUntilItEndsInTurn(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		noteGateAt(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
		noteGateAt(t, d, "S5", gate.AskedAgainNote("S5", "triage", gate.LangChainHITL), clock.Add(time.Second))
		noteGateAt(t, d, "S6", gate.StoppedNote("S6", "triage", gate.LangChainHITL), clock)
		expect := func(stage string, want map[string]bool) {
			t.Helper()
			q, err := d.PendingQueue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var keys []model.PendingItem
			h, err := d.PendingQueueHead(ctx, func(k []model.PendingItem) []string { keys = k; return []string{"INC-2046"} })
			if err != nil {
				t.Fatal(err)
			}
			for what, items := range map[string][]model.PendingItem{"the queue": q.Items, "the head's keys": keys, "the head": h.Items} {
				for _, it := range items {
					if (it.GateEnded != nil) != want[it.Suggestion] {
						t.Errorf("%s, %s: %s gate ended %+v, want %v", stage, what, it.Suggestion, it.GateEnded, want[it.Suggestion])
					}
				}
			}
			for sug, ended := range want {
				pd, err := d.PendingDetail(ctx, "INC-2046", sug)
				if err != nil {
					t.Fatal(err)
				}
				if (pd.Item.GateEnded != nil) != ended {
					t.Errorf("%s, the detail: %s gate ended %+v, want %v", stage, sug, pd.Item.GateEnded, ended)
				}
			}
			n := 0
			for _, ended := range want {
				if ended {
					n++
				}
			}
			sum, err := d.IncidentSummary(ctx, "INC-2046")
			if err != nil || sum.PendingGateEnded != n {
				t.Errorf("%s: the summary counts %d whose gate ended, want %d (%v)", stage, sum.PendingGateEnded, n, err)
			}
			var refs []model.PendingRef
			_, err = d.ChangeStatus(ctx, model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed,
				Person: "alice", Rationale: "done"}, review.ListPendingRefs(&refs))
			if err := review.Listed(err); err != nil {
				t.Fatal(err)
			}
			for _, p := range refs {
				if p.GateEnded != want[p.ID] {
					t.Errorf("%s, closing: %s gate ended %v, want %v", stage, p.ID, p.GateEnded, want[p.ID])
				}
			}
		}
		expect("asked again", map[string]bool{"S5": false, "S6": true})

		noteGateAt(t, d, "S5", gate.TimedOutNote("S5", time.Minute, "triage", gate.LangChainHITL, gate.ToldNo), clock.Add(2*time.Second))
		expect("the second gate's wait ran out", map[string]bool{"S5": true, "S6": true})

		noteGateAt(t, d, "S5", gate.AskedAgainNote("S5", "triage", gate.LangChainHITL), clock.Add(3*time.Second))
		res, err := decide(d, "alice", "S5", model.OutcomeRejected)
		if err != nil || res.Decision == nil {
			t.Fatalf("rejecting S5 while a gate waits on it again: %+v, %v", res, err)
		}
		if res.GateEnded != nil {
			t.Errorf("the decision on S5 says its gate ended (%+v), but a gate waits on it again", res.GateEnded)
		}
	})
}

// A close that defers pending work says which of the deferred items their
// gate had already answered, so the line it prints can say so.
func TestAStatusChangeSaysWhichDeferralsItsGatesHadEnded(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		noteGateAt(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL), clock)
		noteGateAt(t, d, "S6", gate.StoppedNote("S6", "triage", gate.LangChainHITL), clock)
		noteGateAt(t, d, "S6", gate.AskedAgainNote("S6", "triage", gate.LangChainHITL), clock.Add(time.Second))
		res, err := d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed,
			Person: "alice", Rationale: "done", DeferPending: true}, review.StatusChecker(review.DefaultPolicy()))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Deferred) != 5 || len(res.DeferredGateEnded) != 1 || res.DeferredGateEnded[0] != "S5" {
			t.Errorf("deferred %d, of them whose gate ended %v; want 5, and S5 alone", len(res.Deferred), res.DeferredGateEnded)
		}
	})
}
