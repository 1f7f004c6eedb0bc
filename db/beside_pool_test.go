package db

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// A reader of a whole incident (a walk, an export) or of the record
// (verify) holds its transaction while it takes one or two more beside
// it. PostgreSQL's pool has eight connections (db/postgres): readers that
// each hold one and wait for another wait for ever once they hold them
// all. The deadline below only ends such a wait so the test can say so;
// no reader here takes more than a moment.
const poolHang = time.Minute

// barrier holds its first n callers until all n have come; later callers
// pass.
func barrier(n int) func() {
	var mu sync.Mutex
	all := make(chan struct{})
	return func() {
		mu.Lock()
		if n--; n == 0 {
			close(all)
		}
		mu.Unlock()
		<-all
	}
}

// poolSize is how many connections d's pool holds, or 8 when it has no
// bound (SQLite).
func poolSize(d *DB) int {
	if n := d.sql.Stats().MaxOpenConnections; n > 0 {
		return n
	}
	return 8
}

// runAtOnce runs read n times at once on d and fails t for each that
// fails, and when a transaction's slot beside another is not given back.
func runAtOnce(t *testing.T, d *DB, n int, read func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), poolHang)
	defer cancel()
	errs := make(chan error, n)
	for range n {
		go func() { errs <- read(ctx) }()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("a reader failed (waiting for a connection no reader gave back?): %v", err)
		}
	}
	d.beside.mu.Lock()
	defer d.beside.mu.Unlock()
	if d.beside.held != 0 {
		t.Errorf("the readers ended holding %d slots beside their transactions", d.beside.held)
	}
}

// Four walks hold two transactions each (their own and the pass's) by
// the time they read their start, a pool of eight in all; then each asks
// for a third, for the evidence it reads beside the steps.
func TestWalksThatFillThePoolEnd(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		n := poolSize(d) / 2
		started := barrier(n)
		runAtOnce(t, d, n, func(ctx context.Context) error {
			return d.EachStep(ctx, "INC-1", func(model.WalkStart) error {
				started()
				return nil
			}, func(*model.Step) error { return nil })
		})
	})
}

// As many readers as the pool has connections each hold their own
// transaction, then take the one beside it.
func TestReadersHoldingThePoolEachTakeTheirSecondTransaction(t *testing.T) {
	reads := []struct {
		name string
		read func(ctx context.Context, d *DB) error
	}{
		{"exports", func(ctx context.Context, d *DB) error { return d.Export(ctx, "INC-1", io.Discard) }},
		{"verifies", func(ctx context.Context, d *DB) error {
			_, err := d.Verify(ctx)
			return err
		}},
		{"walks", func(ctx context.Context, d *DB) error {
			return d.EachStep(ctx, "INC-1", func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
		}},
		{"record walks", func(ctx context.Context, d *DB) error {
			return d.EachRecord(ctx, "INC-1", func(model.TimelineRecord) error { return nil })
		}},
	}
	defer func() { besideHeld = nil }()
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				n := poolSize(d)
				besideHeld = barrier(n)
				defer func() { besideHeld = nil }()
				runAtOnce(t, d, n, func(ctx context.Context) error { return r.read(ctx, d) })
			})
		})
	}
}
