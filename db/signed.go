package db

import (
	"context"
	"strconv"

	"github.com/signoff/signoff/model"
)

// SignedEntries calls fn with every audit-chain entry whose record carries
// a signature (decisions, first approvals), and every review verdict and
// status change, signed or not (a signature of one is judged in its place
// among them), in seq order:
// what `signoff verify --signers` checks. It reads the chain itself, not a
// table derived from it, so no edit of a derived table can hide a
// signature from the check; Verify says whether the chain is intact. Each
// entry is checked as every read's are, and one that does not verify is
// not handed on: a signature is only worth checking over the record it
// was made for.
func (d *DB) SignedEntries(ctx context.Context, fn func(model.ChainEntry) error) error {
	tx, err := d.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	rows, err := tx.QueryContext(ctx, `SELECT `+entryColumns+` FROM chain c
		WHERE c.kind IN (?, ?) OR c.kind IN (?, ?, ?) AND c.payload LIKE '%"signature":{%' ORDER BY c.seq`, recReview, recStatus, recEvent, recQueued, recApproval)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return d.fail(err)
		}
		if r.check(&e); len(r.faults) > 0 {
			return r.refuse("the signatures were not checked past entry " + strconv.FormatInt(e.Seq, 10))
		}
		if err := fn(e.ChainEntry); err != nil {
			return err
		}
	}
	return d.fail(rows.Err())
}
