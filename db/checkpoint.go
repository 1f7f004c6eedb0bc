package db

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// Checkpoint verifies the record and returns its checkpoint; a record that
// does not verify gets no checkpoint (ETAMPERED with the verify sentence:
// a check that found a problem, as verify's is, not bad input).
func (d *DB) Checkpoint(ctx context.Context) (chain.Checkpoint, error) {
	cp, _, err := d.CheckpointChecked(ctx)
	return cp, err
}

// CheckpointChecked is Checkpoint, and the check it was taken from, for
// the machine that took it to remember.
func (d *DB) CheckpointChecked(ctx context.Context) (chain.Checkpoint, chain.VerifyResult, error) {
	res, err := d.verify(ctx, nil, true)
	if err != nil {
		return chain.Checkpoint{}, res, err
	}
	if !res.Intact {
		return chain.Checkpoint{}, res, model.Errorf(model.ETAMPERED, "no checkpoint taken: %s", res)
	}
	// The text form keeps whole seconds, so the value does too.
	return chain.Checkpoint{Entries: res.Entries, Head: res.Head, Taken: d.now().Truncate(time.Second), Marks: res.Marks}, res, nil
}

// VerifyCheckpoint verifies the record and that the chain still holds the
// checkpoint: at least its entries, and at each entry it marks the hash it
// recorded. A chain recomputed since is named at the first marked entry
// that differs, and the last that matches bounds where it began. It keeps
// the marks of a new checkpoint, as Verify does, for the machine to
// remember the check by.
func (d *DB) VerifyCheckpoint(ctx context.Context, c chain.Checkpoint) (chain.VerifyResult, error) {
	return d.verify(ctx, &c, true)
}
