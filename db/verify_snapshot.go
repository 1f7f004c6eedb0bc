package db

import (
	"context"
	"database/sql"
)

// verifyTxs opens the two read transactions verify reads on, one for the
// chain and one for the tables, so SQLite reads both at once. Both must see
// the same record: every signoff write appends to the chain in the
// transaction that writes its rows, so two snapshots holding the same last
// entry hold the same rows. The second is taken as every reader takes one
// beside its own (besideTx); when it is not, verify reads everything in
// one transaction instead. end rolls back both.
func (d *DB) verifyTxs(ctx context.Context) (chain, rows *sql.Tx, last int64, end func(), err error) {
	chain, err = d.readTx(ctx)
	if err != nil {
		return nil, nil, 0, nil, err
	}
	beside, last, err := d.besideTx(ctx, chain)
	switch {
	case err != nil:
		chain.Rollback()
		return nil, nil, 0, nil, err
	case beside == nil:
		return chain, chain, last, func() { chain.Rollback() }, nil
	}
	return chain, beside.Tx, last, func() { beside.end(); chain.Rollback() }, nil
}

// lastEntry reads the chain's last seq, which also fixes the transaction's
// snapshot.
func lastEntry(ctx context.Context, tx *sql.Tx) (int64, error) {
	var seq int64
	err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM chain").Scan(&seq)
	return seq, err
}
