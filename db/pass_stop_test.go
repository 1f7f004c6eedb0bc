package db

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/signoff/signoff/model"
)

// watchPass has passEnded note, for the rest of the test, the last entry
// a pass over an incident read.
func watchPass(t *testing.T) *atomic.Int64 {
	t.Helper()
	var through atomic.Int64
	passEnded = func(seq int64) { through.Store(seq) }
	t.Cleanup(func() { passEnded = nil })
	return &through
}

// stoppedPassIncident imports a generated incident on t's engine and
// returns the store, the incident and its last entry (the chain's).
func stoppedPassIncident(t *testing.T) (*DB, string, int64) {
	t.Helper()
	d := openTest(t)
	id := importGenerated(t, d, 4000, 7)
	last, _, err := d.ChainHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d, id, last
}

// An export whose writer fails stops the pass beside it, which the export
// had kept a few thousand entries at most from running ahead (the pass
// says how far it is every 16 rows, and waits for the export to hear): it
// does not read the rest of the incident before the export returns.
func TestAnExportWhoseWriterFailsStopsThePassBesideIt(t *testing.T) {
	defer func(n int) { settledEvery = n }(settledEvery)
	settledEvery = 16
	eachEngine(t, func(t *testing.T) {
		d, id, last := stoppedPassIncident(t)
		through := watchPass(t)
		err := d.Export(context.Background(), id, &failAfter{n: 0})
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("the export returned %v", err)
		}
		if through.Load() >= last {
			t.Errorf("the pass read on to entry %d, the incident's last, after the export had stopped", through.Load())
		}
		t.Logf("the pass stopped at entry %d of %d", through.Load(), last)
	})
}

// A walk stopped by fn's error stops the pass beside it, which the walk's
// marks held a small window ahead of it.
func TestAWalkStoppedByItsCallerStopsThePassBesideIt(t *testing.T) {
	defer func(n int) { stepBatch = n }(stepBatch)
	stepBatch = 16
	walks := []struct {
		name string
		walk func(d *DB, id string, stop error) error
	}{
		{"a step walk", func(d *DB, id string, stop error) error {
			return d.EachStep(context.Background(), id, func(model.WalkStart) error { return nil }, func(*model.Step) error { return stop })
		}},
		{"a record walk", func(d *DB, id string, stop error) error {
			return d.EachRecord(context.Background(), id, func(model.TimelineRecord) error { return stop })
		}},
	}
	for _, w := range walks {
		t.Run(w.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d, id, last := stoppedPassIncident(t)
				smallWindow(t, 256, 32)
				through := watchPass(t)
				stop := errors.New("stop")
				if err := w.walk(d, id, stop); err != stop {
					t.Fatalf("fn's error: got %v", err)
				}
				if through.Load() >= last {
					t.Errorf("the pass read on to entry %d, the incident's last, after the walk had stopped", through.Load())
				}
				t.Logf("the pass stopped at entry %d of %d", through.Load(), last)
			})
		})
	}
}
