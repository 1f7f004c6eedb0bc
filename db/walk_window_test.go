package db

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// smallWindow makes the window a few slots for the rest of the test: the
// pass then waits on the walk's marks again and again, and the walk reads
// most payloads on its own.
func smallWindow(t *testing.T, size, chunk int64) {
	t.Helper()
	oldSize, oldChunk := windowSize, windowChunk
	windowSize, windowChunk = size, chunk
	t.Cleanup(func() { windowSize, windowChunk = oldSize, oldChunk })
}

// Through a window of a few slots the steps and findings are those of the
// whole document, at every batch size: what the window holds comes from
// it, the rest is read, and neither the walk nor the pass waits for good.
func TestEachStepThroughASmallWindowGivesWhatTheWholeDocumentGives(t *testing.T) {
	windows := [][2]int64{{16, 4}, {64, 8}}
	if testing.Short() {
		windows = windows[:1] // the race run: the smallest ring waits most
	}
	for _, w := range windows {
		smallWindow(t, w[0], w[1])
		eachEngine(t, eachStepGivesWhatTheWholeDocumentGives)
	}
}

// A generated incident lies in the chain in about the order its steps are
// walked: the walk takes nearly all its payloads from the pass and reads
// almost none again.
func TestAStepWalkTakesItsPayloadsFromThePass(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		// A ring of 1,024 slots: a twentieth of the incident, an eighth of
		// the smaller one the race run (-short) walks.
		events, ring := 20000, int64(1024)
		if testing.Short() {
			events, ring = 8000, 1024
		}
		id := importGenerated(t, d, events, 3)
		// The pass must go along with the walk, three walks running, not
		// run ahead (batches of 16 steps: a few batches read ahead fit in
		// the ring).
		smallWindow(t, ring, 64)
		defer func(n int) { stepBatch = n }(stepBatch)
		stepBatch = 16
		for _, small := range []bool{false, false, false, true} {
			if small {
				smallWindow(t, 16, 4)
			}
			steps := 0
			sw, err := d.walkSteps(ctx, id, func(model.WalkStart) error { return nil }, func(*model.Step) error {
				steps++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if sw.win == nil {
				t.Fatal("the walk had no window")
			}
			entries := sw.r.cover.count()
			switch {
			case steps < events/20:
				t.Fatalf("only %d steps walked", steps)
			case !small && sw.missed*100 > int(entries):
				t.Errorf("the walk read %d payloads again of the incident's %d entries", sw.missed, entries)
			case small && sw.missed*2 < int(entries):
				// The test's own check: a window of 16 slots cannot hold
				// most of what the walk asks for.
				t.Errorf("through 16 slots the walk read only %d payloads of %d again", sw.missed, entries)
			}
		}
	})
}

// A walk that ends early, on fn's error or a cancelled context, returns:
// the pass beside it, held back by the walk's marks, is let go and
// stopped, not left waiting (pass_stop_test.go shows where it stops).
func TestAStepWalkThatEndsEarlyReturns(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d, ids := walkedIncidents(t)
		smallWindow(t, 16, 4)
		defer func(n int) { stepBatch = n }(stepBatch)
		stepBatch = 1 // the walk reads a few steps ahead of fn, not all
		id := ids[len(ids)-1]
		stop := errors.New("stop")
		err := d.EachStep(context.Background(), id, func(model.WalkStart) error { return nil }, func(*model.Step) error { return stop })
		if err != stop {
			t.Errorf("fn's error: got %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		n := 0
		err = d.EachStep(ctx, id, func(model.WalkStart) error { return nil }, func(*model.Step) error {
			if n++; n == 3 {
				cancel()
			}
			return nil
		})
		if err == nil {
			t.Errorf("a cancelled walk went on to its end (%d steps)", n)
		}
	})
}

// An entry whose incident was renamed is not the pass's, so the window
// does not hold it: the walk reads it on its own and names it.
func TestAStepWalkNamesAnEntryMovedToAnotherIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(), "UPDATE chain SET incident = 'INC-9' WHERE subject = 'D1'")
		sw, err := d.walkSteps(context.Background(), "INC-1", func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if sw.win == nil || sw.missed == 0 {
			t.Errorf("window %v, %d payloads read on their own", sw.win != nil, sw.missed)
		}
		if f := d.ReadFault(); !strings.Contains(f, "entry 9 (events D1)") {
			t.Errorf("the store says %q", f)
		}
	})
}

// A walk cancelled mid-way says so, however far it had gone: its
// statements closed under it by the context's end are not an error of
// their own (nor a reason to check the whole file for damage).
func TestACancelledStepWalkSaysItWasCancelled(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d, ids := walkedIncidents(t)
		smallWindow(t, 16, 4)
		defer func(n int) { stepBatch = n }(stepBatch)
		stepBatch = 1
		id := ids[len(ids)-1]
		walks := 40 // about one in ten ended with the closed statement
		if testing.Short() {
			walks = 10
		}
		for i := range walks {
			ctx, cancel := context.WithCancel(context.Background())
			n := 0
			err := d.EachStep(ctx, id, func(model.WalkStart) error { return nil }, func(*model.Step) error {
				if n++; n == 3 {
					cancel()
				}
				return nil
			})
			cancel()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("walk %d, cancelled after 3 steps, ended with %v", i, err)
			}
		}
	})
}
