package db

import (
	"context"
	"database/sql"
)

// verifyTxs opens the two read transactions verify reads on, one for the
// chain and one for the tables, so SQLite reads both at once. Both must see
// the same record: every signoff write appends to the chain in the
// transaction that writes its rows, so two snapshots holding the same last
// entry hold the same rows. When a write lands between the two, verify reads
// everything in one transaction instead.
func (d *DB) verifyTxs(ctx context.Context) (chain, rows *sql.Tx, last int64, err error) {
	chain, err = d.readTx(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	rows, err = d.readTx(ctx)
	if err != nil {
		chain.Rollback()
		return nil, nil, 0, err
	}
	a, errA := lastEntry(ctx, chain)
	b, errB := lastEntry(ctx, rows)
	switch {
	case errA != nil || errB != nil:
		chain.Rollback()
		rows.Rollback()
		if errA == nil {
			errA = errB
		}
		return nil, nil, 0, d.fail(errA)
	case a != b:
		rows.Rollback()
		return chain, chain, a, nil
	}
	return chain, rows, a, nil
}

// lastEntry reads the chain's last seq, which also fixes the transaction's
// snapshot.
func lastEntry(ctx context.Context, tx *sql.Tx) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM chain").Scan(&seq)
	return seq, err
}

// readBeside is false only in tests: they take the in-turn path a reader
// falls back to when a write lands between its two transactions.
var readBeside = true

// besideTx begins a second read transaction that sees tx's record, for a
// reader that runs beside tx's on the other core, and returns it with the
// record's last entry. It returns a nil transaction when a write landed
// between the two beginning: the caller then reads in turn on tx.
func (d *DB) besideTx(ctx context.Context, tx *sql.Tx) (*sql.Tx, int64, error) {
	last, err := lastEntry(ctx, tx)
	if err != nil {
		return nil, 0, d.fail(err)
	}
	if !readBeside {
		return nil, last, nil
	}
	second, err := d.readTx(ctx)
	if err != nil {
		return nil, 0, err
	}
	if other, err := lastEntry(ctx, second); err != nil || other != last {
		second.Rollback()
		return nil, last, nil
	}
	return second, last, nil
}
