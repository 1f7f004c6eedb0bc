package db

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// noteGateEnd writes the note a gate writes when it stops waiting on
// suggestion of INC-2046.
func noteGateEnd(t *testing.T, d *DB, suggestion, summary string) {
	t.Helper()
	note := model.Event{ID: gate.NoteID(suggestion, clock), Kind: model.KindNote, Actor: gate.NoteActor, Summary: summary}
	if dec, err := d.NoteUnanswered(context.Background(), "INC-2046", suggestion, "gate", note); err != nil || dec != nil {
		t.Fatalf("noting %s: decision %v, err %v", suggestion, dec, err)
	}
}

func TestTheQueueKnowsWhichGatesStoppedWaiting(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		if _, err := d.PendingQueue(ctx); err != nil { // kept, so the notes come as a refresh
			t.Fatal(err)
		}
		noteGateEnd(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL))
		noteGateEnd(t, d, "S6", gate.TimedOutNote("S6", 10*time.Minute, "triage", gate.ClaudeCode, gate.ToldAskUser))
		// Someone else's note with the gate's id shape says nothing.
		if _, err := d.NoteUnanswered(ctx, "INC-2046", "S4", "mallory", model.Event{ID: gate.NoteID("S4", clock),
			Kind: model.KindNote, Actor: "mallory", Summary: gate.StoppedNote("S4", "triage", gate.LangChainHITL)}); err != nil {
			t.Fatal(err)
		}
		want := map[string]*model.GateEnd{
			"S5": {How: model.GateStopped, At: clock},
			"S6": {How: model.GateTimedOut, At: clock, AskedUser: true},
		}
		same := func(what string, items []model.PendingItem) {
			t.Helper()
			for _, it := range items {
				got, w := it.GateEnded, want[it.Suggestion]
				if (got == nil) != (w == nil) || got != nil && (got.How != w.How || !got.At.Equal(w.At) || got.AskedUser != w.AskedUser) {
					t.Errorf("%s: %s gate ended %+v, want %+v", what, it.Key(), got, w)
				}
			}
		}
		q, err := d.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Items) != 5 {
			t.Fatalf("the queue has %d items, want 5", len(q.Items))
		}
		same("the queue", q.Items)
		var keys []model.PendingItem
		h, err := d.PendingQueueHead(ctx, func(k []model.PendingItem) []string { keys = k; return []string{"INC-2046"} })
		if err != nil {
			t.Fatal(err)
		}
		same("the head's keys", keys)
		same("the head", h.Items)
		if h.Pending != 5 || h.PendingGateEnded != 2 {
			t.Errorf("the head counts %d pending, %d whose gate ended; want 5 and 2", h.Pending, h.PendingGateEnded)
		}
		pd, err := d.PendingDetail(ctx, "INC-2046", "S5")
		if err != nil {
			t.Fatal(err)
		}
		same("the detail", []model.PendingItem{pd.Item})

		res, err := decide(d, "alice", "S5", model.OutcomeRejected)
		if err != nil || res.Decision == nil {
			t.Fatalf("rejecting S5 after its gate stopped: %+v, %v", res, err)
		}
		if g := res.GateEnded; g == nil || g.How != model.GateStopped || !g.At.Equal(clock) {
			t.Errorf("the decision on S5 does not say its gate had stopped: %+v", g)
		}
		res, err = decide(d, "alice", "S4", model.OutcomeRejected)
		if err != nil || res.GateEnded != nil {
			t.Errorf("S4, whose gate (none) never ended: %+v, %v", res.GateEnded, err)
		}
		if v, err := d.Verify(ctx); err != nil || !v.Intact {
			t.Fatalf("verify: %+v, %v", v, err)
		}
	})
}

// The gate's notes are found by their ids, not by walking an incident's
// notes: a long incident has many.
func TestTheGatesNotesAreReadByARangeOfIds(t *testing.T) {
	d := openTest(t)
	for _, q := range []struct {
		name string
		sql  string
		args []any
	}{
		{"on the queue's incidents", d.sq.gateNotes, []any{"[1,2]"}},
		{"on one suggestion", gateNotesOf, []any{1, "N-S1-", "N-S1-:"}},
		{"on each pending item the summaries count", d.sq.pendingGated, []any{"[1,2]"}},
	} {
		t.Run(q.name, func(t *testing.T) {
			rows, err := d.sql.Query("EXPLAIN QUERY PLAN "+q.sql, q.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			ranged := false
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				ranged = ranged || strings.HasSuffix(detail, "(inc=? AND id>? AND id<?)")
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !ranged {
				t.Errorf("no plan step reads a range of the ids of an incident")
			}
		})
	}
}

// The incidents' summaries count the pending items whose gate ended
// beside the pending count, so the picker and `signoff status` can say
// how many of them nothing will run; a decided one leaves the count.
func TestTheSummariesCountThePendingItemsWhoseGateEnded(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		noteGateEnd(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL))
		noteGateEnd(t, d, "S6", gate.TimedOutNote("S6", 10*time.Minute, "triage", gate.ClaudeCode, gate.ToldAskUser))
		// Someone else's note with the gate's id shape is not counted.
		if _, err := d.NoteUnanswered(ctx, "INC-2046", "S4", "mallory", model.Event{ID: gate.NoteID("S4", clock),
			Kind: model.KindNote, Actor: "mallory", Summary: gate.StoppedNote("S4", "triage", gate.LangChainHITL)}); err != nil {
			t.Fatal(err)
		}
		counts := func(want int) {
			t.Helper()
			one, err := d.IncidentSummary(ctx, "INC-2046")
			if err != nil {
				t.Fatal(err)
			}
			all, err := d.Incidents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if one.PendingGateEnded != want {
				t.Errorf("IncidentSummary counts %d pending items whose gate ended, want %d", one.PendingGateEnded, want)
			}
			for _, s := range all {
				if s.ID == "INC-2046" && s.PendingGateEnded != want {
					t.Errorf("Incidents counts %d pending items whose gate ended, want %d", s.PendingGateEnded, want)
				}
			}
		}
		counts(2)
		if _, err := decide(d, "alice", "S5", model.OutcomeRejected); err != nil {
			t.Fatal(err)
		}
		counts(1)
	})
}

// A status change reads which pending suggestions' gates ended, so its
// refusal and the status form can say so.
func TestAStatusChangeKnowsWhichPendingGatesEnded(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		noteGateEnd(t, d, "S5", gate.StoppedNote("S5", "triage", gate.LangChainHITL))
		var refs []model.PendingRef
		_, err := d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: model.StatusClosed,
			Person: "alice", Rationale: "done"}, review.ListPendingRefs(&refs))
		if err := review.Listed(err); err != nil {
			t.Fatal(err)
		}
		ended := 0
		for _, p := range refs {
			if p.GateEnded != (p.ID == "S5") {
				t.Errorf("%s: gate ended %v", p.ID, p.GateEnded)
			}
			if p.GateEnded {
				ended++
			}
		}
		if len(refs) != 5 || ended != 1 {
			t.Errorf("%d pending, %d whose gate ended; want 5 and 1", len(refs), ended)
		}
	})
}
