package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model/chain"
)

// A suggestion has one queue decision mark (queue_decisions keeps one per
// suggestion), written with its decision. The rules judge a suggestion by
// the decisions the record holds; a mark for one with none was inserted
// outside signoff (on PostgreSQL, migration 0009 refuses it), and it would
// make the mark of every decision on the suggestion collide with it, so
// the person saw the driver's word for a unique constraint. It is refused
// before anything is written, in signoff's own words, naming the row, as
// verify names it.

// refuseTakenMark refuses to record a queue decision on suggestion of
// incident inc (incID) whose mark is taken already.
func (d *DB) refuseTakenMark(ctx context.Context, tx *sql.Tx, inc int64, incID, suggestion string) error {
	var seq int64
	err := tx.QueryRowContext(ctx, "SELECT seq FROM queue_decisions WHERE inc = ? AND suggestion = ?", inc, suggestion).Scan(&seq)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return d.fail(err)
	}
	return tampered("no decision on "+suggestion+" of "+incID+" can be recorded", chain.Fault{Seq: seq, Table: "queue_decisions", Subject: suggestion,
		Reason: "the row marks this entry as the suggestion's queue decision, but the record holds no decision on it, so the row was inserted outside signoff; " +
			"a suggestion has one mark, so whoever keeps the database must remove that row before it can be decided"})
}
