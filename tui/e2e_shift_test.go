package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// TestEndToEndAShiftInTheQueue works the queue as an analyst would: a
// filter, a claim, the evidence in full, a hand-off note, and closing the
// incident with what is still pending deferred.
func TestEndToEndAShiftInTheQueue(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d", size[0], size[1]), func(t *testing.T) {
			clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
			store := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
			o := Options{Start: StartQueue}
			o.Store, o.Person, o.Clock = store, "alice", func() time.Time { return clock }
			tm := screenProgram(t, o, size)
			waitFor(t, tm, "▌INC-2046", "▸ CRIT S3")
			tm.Send(tuitest.Key("/"))
			tm.Type("tier:critical")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "2 of 5 pending · filter: tier:critical")
			tm.Send(tuitest.Key("c"))
			waitFor(t, tm, "You hold INC-2046/S3 until")
			tm.Send(tuitest.Key("e"))
			waitFor(t, tm, "■ EVIDENCE of INC-2046/S3 in full")
			tm.Send(tuitest.Key("esc"))
			tm.Send(tuitest.Key("esc"))
			waitFor(t, tm, "Filter cleared")
			tm.Send(tuitest.Key("n"))
			waitFor(t, tm, "HAND-OFF NOTE · INC-2046")
			tm.Type("S3 needs dave's second approval")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "Recorded your hand-off note")
			tm.Send(tuitest.Key("S"))
			waitFor(t, tm, "CHANGE STATUS · INC-2046")
			for _, k := range []string{"right", "right", "enter"} {
				tm.Send(tuitest.Key(k))
			}
			tm.Type("miner gone, token rotated")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "tick the box")
			tm.Send(tuitest.Key("space"))
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "CONFIRM: you are about to mark INC-2046 closed")
			tm.Type("y")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "INC-2046 is now closed (was open)")
			tm.Send(tuitest.Key("q"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))

			ctx := context.Background()
			sum, err := store.IncidentSummary(ctx, "INC-2046")
			if err != nil || sum.Status != model.StatusClosed || sum.Pending != 0 || sum.StatusBy != "alice" {
				t.Errorf("INC-2046 is %s by %s with %d pending (%v)", sum.Status, sum.StatusBy, sum.Pending, err)
			}
			notes, err := store.HandoffNotes(ctx, "INC-2046", 5)
			if err != nil || len(notes) != 1 || notes[0].Text != "S3 needs dave's second approval" {
				t.Errorf("notes %+v, %v", notes, err)
			}
		})
	}
}

// TestEndToEndAClaimAndADecisionShowInAnotherAnalystsQueue runs two
// workstations on one database through two connections, as two analysts
// in two terminals: what one does shows in the other's queue within its
// refresh interval.
func TestEndToEndAClaimAndADecisionShowInAnotherAnalystsQueue(t *testing.T) {
	clock := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	at := func() time.Time { return clock }
	first := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	second, err := db.Open(context.Background(), first.Address(), db.WithClock(at))
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	start := func(store model.Store, person string, size [2]int) *teatest.TestModel {
		o := Options{Start: StartQueue, Poll: 100 * time.Millisecond}
		o.Store, o.Person, o.Clock, o.Renderer = store, person, at, tuitest.PlainRenderer()
		return teatest.NewTestModel(t, New(o), teatest.WithInitialTermSize(size[0], size[1]))
	}
	alice := start(first, "alice", [2]int{80, 24})
	dave := start(second, "dave", [2]int{160, 48})
	waitFor(t, alice, "▸ CRIT S3")
	waitFor(t, dave, "▸ CRIT S3")
	alice.Send(tuitest.Key("c"))
	waitFor(t, alice, "You hold INC-2046/S3")
	waitFor(t, dave, "@alice", "held by alice since 2026-11-25 09:00:00 UTC")
	alice.Send(tuitest.Key("G"))
	waitFor(t, alice, "collect_evidence → backup-bucket (")
	alice.Send(tuitest.Key("r"))
	waitFor(t, alice, "Rationale (required)")
	alice.Type("the bucket is already snapshotted")
	alice.Send(tuitest.Key("enter"))
	waitFor(t, alice, "Recorded D-S8")
	waitFor(t, dave, "Decided elsewhere: INC-2046/S8 was rejected by alice")
	alice.Send(tuitest.Key("q"))
	dave.Send(tuitest.Key("q"))
	alice.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	dave.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
}

// TestEndToEndStatusFromTheReviewWorkstation reopens a resolved incident
// from the review screen and closes it again, the header following.
func TestEndToEndStatusFromTheReviewWorkstation(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("at %dx%d", size[0], size[1]), func(t *testing.T) {
			store := openFixtures(t)
			app := programApp(store, "alice", Options{Incident: testIncident})
			tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(size[0], size[1]))
			waitFor(t, tm, "resolved ·", "▸ ")
			tm.Send(tuitest.Key("S"))
			waitFor(t, tm, "CHANGE STATUS · INC-2041 · now resolved")
			for _, k := range []string{"left", "left", "enter"} {
				tm.Send(tuitest.Key(k))
			}
			tm.Type("the attacker used the token again")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "INC-2041 is now contained (was resolved)")
			tm.Send(tuitest.Key("S"))
			waitFor(t, tm, "→ contained by alice: the attacker")
			tm.Send(tuitest.Key("right"))
			tm.Send(tuitest.Key("right"))
			tm.Send(tuitest.Key("enter"))
			tm.Type("rotated for good")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "CONFIRM: you are about to mark INC-2041 closed")
			tm.Type("INC-2041")
			tm.Send(tuitest.Key("enter"))
			waitFor(t, tm, "INC-2041 is now closed (was contained)")
			tm.Send(tuitest.Key("ctrl+c"))
			tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
			h, err := store.StatusHistory(context.Background(), testIncident)
			if err != nil || len(h) != 2 || h[1].Status != model.StatusClosed {
				t.Errorf("history %+v, %v", h, err)
			}
		})
	}
}
