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

// An export whose writer fails stops the pass beside it, and waits for it:
// the pass does not read the rest of the incident, and never outlives the
// export. The pass never waits for the export (export_check.go), so on a
// small incident it could read to the end before the export even heard
// its writer fail (on PostgreSQL, which streams the rows, about one run in
// three did): the test holds the pass a few entries short of the end, as
// a slow disk would, until the export stops it (its context ends) or has
// returned without stopping it. Most runs the export stops the pass well
// before that. The export hears its writer fail long before it needs the
// entries held back: the writer fails at its first flush, 64 KB into the
// document, and the export runs at most outDepth batches ahead of it.
func TestAnExportWhoseWriterFailsStopsThePassBesideIt(t *testing.T) {
	defer func(n int) { settledEvery = n }(settledEvery)
	settledEvery = 16
	eachEngine(t, func(t *testing.T) {
		d, id, last := stoppedPassIncident(t)
		through := watchPass(t)
		hold, returned := last-64, make(chan struct{})
		var held atomic.Bool
		besidePassRead = func(ctx context.Context, seq int64) {
			if seq == hold {
				held.Store(true)
				select {
				case <-ctx.Done():
				case <-returned:
				}
			}
		}
		t.Cleanup(func() { besidePassRead = nil })
		err := d.Export(context.Background(), id, &failAfter{n: 0})
		ended := through.Load() // 0 while the pass still runs
		close(returned)
		if !errors.Is(err, errDiskFull) {
			t.Fatalf("the export returned %v", err)
		}
		switch {
		case ended == 0:
			t.Fatal("the export returned while the pass beside it still ran")
		case ended >= last:
			t.Errorf("the pass read on to entry %d, the incident's last, after the export had stopped", ended)
		}
		t.Logf("the pass stopped at entry %d of %d (held at %d: %v)", ended, last, hold, held.Load())
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
