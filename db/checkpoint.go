package db

import (
	"context"
	"database/sql"
	"encoding/hex"
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
	return chain.Checkpoint{Entries: res.Entries, First: res.First, Head: res.Head, Taken: d.now().Truncate(time.Second), Marks: res.Marks}, res, nil
}

// VerifyCheckpoint verifies the record and that the chain still holds the
// checkpoint: at least its entries, and at each entry it marks the hash it
// recorded. A chain recomputed since is named at the first marked entry
// that differs, and the last that matches bounds where it began. It keeps
// the marks of a new checkpoint, as Verify does, for the machine to
// remember the check by.
//
// A checkpoint whose first entry is not this chain's is of another
// record (a file mixed up with another database's), and nothing is
// compared with it: its marks would all differ, which reads as a chain
// recomputed from its start, and a mix-up is no tampering.
func (d *DB) VerifyCheckpoint(ctx context.Context, c chain.Checkpoint) (chain.VerifyResult, error) {
	if err := d.checkpointOfThisRecord(ctx, c); err != nil {
		return chain.VerifyResult{}, err
	}
	return d.verify(ctx, &c, true)
}

// checkpointOfThisRecord refuses a checkpoint of another record. A chain
// with no first entry is not another record but one cut down to nothing,
// which the check names as such.
func (d *DB) checkpointOfThisRecord(ctx context.Context, c chain.Checkpoint) error {
	want := c.FirstHash()
	if want == "" {
		return nil
	}
	var h []byte
	err := d.sql.QueryRowContext(ctx, "SELECT hash FROM chain WHERE seq = 1").Scan(&h)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return d.fail(err)
	}
	if first := hex.EncodeToString(h); first != want {
		return model.Errorf(model.ETAMPERED, "this checkpoint is of another record: its first entry's hash begins %.12s, and this record's %.12s, so nothing was compared with it. Give the checkpoint taken of this record (signoff verify alone checks the record on its own); only if this one was taken of this very record was its whole chain recomputed from the first entry",
			want, first)
	}
	return nil
}
