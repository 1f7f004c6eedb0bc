package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// HoldTo makes every whole check of this store (Verify, Checkpoint,
// VerifyCheckpoint, and Copy's check of it as a source) also hold the
// chain to a check this machine remembers of it, as to a checkpoint: a
// chain recomputed since, or cut short, verifies whole, and only those
// remembered hashes show it. A remembered check whose first entry is not
// this chain's is of another record (the database was made again at its
// address) and holds nothing: the whole check judges that record alone
// (docs/DECISIONS.md, "The background check"). A chain that has lost its
// first entry is no other record but this one cut down (cutToNothing).
// Call it before the store is used, and again with each newer check
// remembered: a store kept open (the workstation, serve) then holds its
// writes to the latest.
func (d *DB) HoldTo(v chain.Verified) { d.held.Store(&v) }

// heldFault is the first hash the chain no longer holds of what HoldTo
// gave, read in the walk's own snapshot; nil when it holds them all or
// there is nothing to hold it to.
func (d *DB) heldFault(ctx context.Context, tx *sql.Tx, last int64) (*chain.Fault, error) {
	v := d.held.Load()
	if v == nil {
		return nil, nil
	}
	marks := v.AllMarks()
	hashes, err := markedHashes(ctx, tx, marks)
	if err != nil {
		return nil, err
	}
	if hashes[1] != v.First {
		if hashes[1] != "" {
			return nil, nil // another record
		}
		return d.cutToNothing(ctx, tx, *v, last)
	}
	f, ok := markFault(*v, marks, hashes, last, restoredOnPurpose)
	if !ok {
		return nil, nil
	}
	return &f, nil
}

// cutToNothing is the fault of a chain with no first entry, held to a
// remembered check of it, unless the database was made after that check.
// A record made again starts with an entry 1 of its own as soon as it
// holds anything, so a chain holding entries but not the first was cut
// from its start. An empty chain is either a new database made at the
// address (signoff init after the file was deleted, a schema dropped and
// made again) or the checked record with every row deleted; a database
// knows when it was made, by its first migration, and one made before
// the check is the one that was checked. Without that stamp it is judged
// cut: refusing a write that verify --forget then lets through costs less
// than writing on a record emptied outside signoff.
func (d *DB) cutToNothing(ctx context.Context, tx *sql.Tx, v chain.Verified, last int64) (*chain.Fault, error) {
	checked := v.Checked.UTC().Format("2006-01-02 15:04 UTC")
	if last > 0 {
		return &chain.Fault{Seq: 1, Table: "chain", Reason: fmt.Sprintf("the chain has no first entry but holds %d entries after it, and held %d from its first when it was checked on %s, so entries were cut from its start; %s",
			last, v.Entries, checked, restoredOnPurpose)}, nil
	}
	made, known, err := madeAt(ctx, tx)
	if err != nil {
		return nil, err
	}
	if known && made.After(v.Checked) {
		return nil, nil // made again since the check: another record
	}
	return &chain.Fault{Seq: 1, Table: "chain", Reason: fmt.Sprintf("the chain holds no entries but held %d when it was checked on %s, and this database was made before that check, so every entry was cut off; %s",
		v.Entries, checked, restoredOnPurpose)}, nil
}

// madeAt is when the database was made: the time its first migration was
// applied, as both engines record it; known is false when it holds no
// such time.
func madeAt(ctx context.Context, tx *sql.Tx) (made time.Time, known bool, err error) {
	var at string
	err = tx.QueryRowContext(ctx, "SELECT applied_at FROM schema_migrations WHERE version = 1").Scan(&at)
	if err == sql.ErrNoRows {
		return made, false, nil
	}
	if err != nil {
		return made, false, err
	}
	made, err = time.Parse(time.RFC3339Nano, at)
	return made, err == nil, nil
}

// refuseUnheld refuses a write to a chain of last entries that no longer
// holds what HoldTo gave: appended over a cut, new entries would take the
// seqs of the ones removed, the record would then read as rewritten
// rather than cut short, and the person's record would stand on one that
// lost entries. It reads only the remembered hashes, in the write's own
// transaction, so the check costs a few lookups whatever the record's
// size.
func (d *DB) refuseUnheld(ctx context.Context, tx *sql.Tx, last int64) error {
	f, err := d.heldFault(ctx, tx, last)
	if err != nil || f == nil {
		return err
	}
	return model.Errorf(model.ETAMPERED, "nothing was recorded: the record was changed outside signoff: %s", f)
}
