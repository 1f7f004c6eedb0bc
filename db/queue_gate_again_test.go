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

// The gate's notes are chosen in the transaction that writes them, from
// the decision and the notes before: a gate stopped while another waits
// on the same call notes so, and every reader shows the item live until
// the last gate ends; a gate stopped as a decision lands is told it.
func TestNoteGateChoosesTheNoteFromWhatIsRecordedWhenItIsWritten(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		noteGateAt(t, d, "S5", gate.AskedAgainNote("S5", "triage", gate.LangChainHITL), clock)
		stop := func(at time.Time, counted int) (*model.Event, bool) {
			t.Helper()
			dec, wrote, err := d.NoteGate(ctx, "INC-2046", "S5", "gate", func(dec *model.Event, notes []model.Event) *model.Event {
				text := gate.StoppedNoteFor("S5", "triage", gate.LangChainHITL, dec, gate.Waiting(notes, "S5") > counted)
				return &model.Event{ID: gate.NoteID("S5", at), Kind: model.KindNote, Actor: gate.NoteActor, Summary: text}
			})
			if err != nil {
				t.Fatal(err)
			}
			return dec, wrote
		}
		live := func(stage string, want bool) {
			t.Helper()
			pd, err := d.PendingDetail(ctx, "INC-2046", "S5")
			if err != nil {
				t.Fatal(err)
			}
			q, err := d.PendingQueue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range q.Items {
				if it.Suggestion == "S5" && (it.GateEnded == nil) != want {
					t.Errorf("%s: the queue says S5's gate ended %+v, want live %v", stage, it.GateEnded, want)
				}
			}
			if (pd.Item.GateEnded == nil) != want {
				t.Errorf("%s: the detail says S5's gate ended %+v, want live %v", stage, pd.Item.GateEnded, want)
			}
		}
		if dec, wrote := stop(clock.Add(time.Second), 1); dec != nil || !wrote {
			t.Fatalf("the first stop: decision %v, wrote %v", dec, wrote)
		}
		live("one of two gates stopped", true)
		if dec, wrote := stop(clock.Add(2*time.Second), 1); dec != nil || !wrote {
			t.Fatalf("the second stop: decision %v, wrote %v", dec, wrote)
		}
		live("both gates stopped", false)

		if _, err := decide(d, "alice", "S6", model.OutcomeRejected); err != nil {
			t.Fatal(err)
		}
		var seen *model.Event
		dec, wrote, err := d.NoteGate(ctx, "INC-2046", "S6", "gate", func(dec *model.Event, _ []model.Event) *model.Event {
			seen = dec
			return &model.Event{ID: gate.NoteID("S6", clock), Kind: model.KindNote, Actor: gate.NoteActor,
				Summary: gate.StoppedNoteFor("S6", "triage", gate.LangChainHITL, dec, false)}
		})
		if err != nil || !wrote || dec == nil || seen == nil || seen.ID != "D-S6" {
			t.Fatalf("a stop as S6 was decided: decision %+v (chosen from %+v), wrote %v, %v", dec, seen, wrote, err)
		}
		if dec, wrote, err := d.NoteGate(ctx, "INC-2046", "S8", "gate", func(*model.Event, []model.Event) *model.Event { return nil }); dec != nil || wrote || err != nil {
			t.Fatalf("nothing chosen: decision %v, wrote %v, %v", dec, wrote, err)
		}
		if res, err := d.Verify(ctx); err != nil || !res.Intact {
			t.Fatalf("verify: %+v, %v", res, err)
		}
	})
}
