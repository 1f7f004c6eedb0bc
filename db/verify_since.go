package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/signoff/signoff/model/chain"
)

// VerifySince checks what was appended to the record since a check this
// machine remembers: that the chain still holds every hash the check
// recorded (its first entry, the marks of the last whole check, the head
// it reached), then each entry after that head as Verify does, with its
// row. It does not compare the derived tables or run SQLite's check of the
// file, and an entry before the head that was altered without recomputing
// the chain after it is Verify's to find (docs/DECISIONS.md).
// A record whose first entry is not the remembered one is a fault too:
// whole, such a chain recomputed from its first entry would pass, and the
// memory is what shows it was not the record checked. same is false only
// for a memory that cannot be read against this chain.
func (d *DB) VerifySince(ctx context.Context, v chain.Verified) (res chain.VerifyResult, same bool, err error) {
	chainTx, rowsTx, last, end, err := d.verifyTxs(ctx)
	if err != nil {
		return chain.VerifyResult{}, false, err
	}
	defer end()
	marks := v.AllMarks()
	hashes, err := markedHashes(ctx, chainTx, marks)
	if err != nil {
		return chain.VerifyResult{}, false, d.fail(err)
	}
	if f, ok := markFault(v, marks, hashes, last, "signoff verify checks the whole record; "+restoredOnPurpose); ok {
		// The head as stored, as a whole check states it.
		var head []byte
		if err := chainTx.QueryRowContext(ctx, "SELECT hash FROM chain WHERE seq = ?", last).Scan(&head); err != nil && err != sql.ErrNoRows {
			return chain.VerifyResult{}, false, d.fail(err)
		}
		return chain.VerifyResult{Entries: last, Head: hex.EncodeToString(head), First: v.First, Fault: f, Faults: []chain.Fault{f}, Count: 1}, true, nil
	}
	head, err := hex.DecodeString(v.Head)
	if err != nil {
		return chain.VerifyResult{}, false, nil
	}
	res, err = d.walkRange(ctx, chainTx, rowsTx, nil, last, nil, false, walkStart{seq: v.Entries, head: head}, nil)
	res.First = v.First
	return res, true, err
}

// markedHashes reads the stored hash of each marked entry ("" for an
// entry the chain no longer holds).
func markedHashes(ctx context.Context, tx *sql.Tx, marks []chain.Mark) (map[int64]string, error) {
	hashes := make(map[int64]string, len(marks))
	for _, m := range marks {
		var h []byte
		err := tx.QueryRowContext(ctx, "SELECT hash FROM chain WHERE seq = ?", m.Seq).Scan(&h)
		switch {
		case err == sql.ErrNoRows:
		case err != nil:
			return nil, err
		default:
			hashes[m.Seq] = hex.EncodeToString(h)
		}
	}
	return hashes, nil
}

// restoredOnPurpose is the way to accept a record this machine remembers
// longer or otherwise: a backup put back in its place is no tampering, and
// every check that holds the chain to the memory says how to say so.
const restoredOnPurpose = "if a backup was restored here on purpose, signoff verify --forget checks the record whole and remembers it as it is now"

// markFault is the first remembered hash the chain no longer holds: the
// record is another, or the chain was cut short, or rewritten from before
// that entry on. then says what the person can do next, after a fault of
// this record.
func markFault(v chain.Verified, marks []chain.Mark, hashes map[int64]string, last int64, then string) (chain.Fault, bool) {
	if hashes[1] != v.First {
		return chain.Fault{Seq: 1, Table: "chain", Reason: fmt.Sprintf("the record's first entry is not the one this machine checked on %s: either the database was made again at this address, and signoff verify checks it whole and remembers it instead, or its whole chain was recomputed", v.Checked.UTC().Format("2006-01-02 15:04 UTC"))}, true
	}
	if last < v.Entries {
		return chain.Fault{Seq: last + 1, Table: "chain", Reason: fmt.Sprintf("the chain ends after %d entries but held %d when it was checked on %s, so entries were cut off the end; %s", last, v.Entries, v.Checked.UTC().Format("2006-01-02 15:04 UTC"), then)}, true
	}
	matched := int64(1)
	for _, m := range marks {
		if hashes[m.Seq] == m.Hash {
			matched = m.Seq
			continue
		}
		return chain.Fault{Seq: m.Seq, Table: "chain", Reason: fmt.Sprintf("its hash differs from the one verified on %s, so the chain was rewritten since, from an entry after %d (the last it checked unchanged) on; %s", v.Checked.UTC().Format("2006-01-02 15:04 UTC"), matched, then)}, true
	}
	return chain.Fault{}, false
}
