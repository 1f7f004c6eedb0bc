package db

import (
	"context"
	"database/sql"

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
// (docs/DECISIONS.md, "The background check"). Call it before the store
// is used, and again with each newer check remembered: a store kept open
// (the workstation, serve) then holds its writes to the latest.
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
	if err != nil || hashes[1] != v.First {
		return nil, err
	}
	f, ok := markFault(*v, marks, hashes, last, restoredOnPurpose)
	if !ok {
		return nil, nil
	}
	return &f, nil
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
