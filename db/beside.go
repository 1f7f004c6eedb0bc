package db

import (
	"context"
	"database/sql"
	"sync"
)

// A reader of a whole incident (a walk, an export) or of the record
// (verify) holds its read transaction while it takes one or two more
// beside it, to read on both cores. On a pool with a bound (PostgreSQL's
// holds eight connections) readers that each hold one and wait for
// another could hold the whole pool between them and wait for ever: four
// walks, two transactions each, then each asking for a third. So a
// transaction beside another takes a slot first, without waiting, and
// there is one slot fewer than the pool has connections. A reader waiting
// for a connection holds its own and one slot for each other it holds or
// waits for, so the waiting readers never hold every connection: one is
// free or with a reader that goes on, and gives it back. A reader that
// finds no slot reads in turn on its own transaction, as it does when a
// write landed between its two beginning. SQLite's pool has no bound.

// readBeside is false only in tests: they take the in-turn path a reader
// falls back to when a write lands between its two transactions.
var readBeside = true

// besideHeld, when set, is called by a reader holding its transaction as
// it is about to take the one beside it: tests hold readers there.
var besideHeld func()

// besideSlots counts the transactions held beside another.
type besideSlots struct {
	mu   sync.Mutex
	held int
}

// take takes a slot on a pool of size connections (0: no bound), if one
// is free.
func (s *besideSlots) take(size int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if size > 0 && s.held >= size-1 {
		return false
	}
	s.held++
	return true
}

func (s *besideSlots) give() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held--
}

// besideRead is a read transaction beside another, holding a slot.
type besideRead struct {
	*sql.Tx
	d *DB
}

// end rolls the transaction back and gives its slot back; once.
func (b *besideRead) end() {
	b.Rollback()
	b.d.beside.give()
}

// besideTx begins a second read transaction that sees tx's record, for a
// reader that runs beside tx's on the other core, and returns it with the
// record's last entry; the caller ends it. It returns nil when a write
// landed between the two beginning, or no slot was free: the caller then
// reads in turn on tx.
func (d *DB) besideTx(ctx context.Context, tx *sql.Tx) (*besideRead, int64, error) {
	last, err := lastEntry(ctx, tx)
	if err != nil {
		return nil, 0, d.fail(err)
	}
	if !readBeside {
		return nil, last, nil
	}
	if besideHeld != nil {
		besideHeld()
	}
	if !d.beside.take(d.sql.Stats().MaxOpenConnections) {
		return nil, last, nil
	}
	second, err := d.readTx(ctx)
	if err != nil {
		d.beside.give()
		return nil, 0, err
	}
	if other, err := lastEntry(ctx, second); err != nil || other != last {
		second.Rollback()
		d.beside.give()
		return nil, last, nil
	}
	return &besideRead{Tx: second, d: d}, last, nil
}
