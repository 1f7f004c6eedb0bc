package db

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// SignedEntries calls fn with every audit-chain entry whose record carries
// a signature (decisions, first approvals, review verdicts), in seq order:
// what `signoff verify --signers` checks. It reads the chain itself, not a
// table derived from it, so no edit of a derived table can hide a
// signature from the check; Verify says whether the chain is intact.
func (d *DB) SignedEntries(ctx context.Context, fn func(model.ChainEntry) error) error {
	tx, err := d.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor, kind, incident, subject, payload FROM chain
		WHERE kind IN (?, ?, ?) AND instr(payload, '"signature":{') > 0 ORDER BY seq`, recEvent, recReview, recApproval)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e model.ChainEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload); err != nil {
			return d.fail(err)
		}
		e.At = time.Unix(0, at).UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	return d.fail(rows.Err())
}
