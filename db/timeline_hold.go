package db

import (
	"context"
	"fmt"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// rowEntries is the entries of a page's rows, each with its neighbours'
// hashes (entryColumns); ?1 is the first seq again (listedArgs).
const rowEntries = `SELECT ` + entryColumns + ` FROM chain c WHERE c.seq IN (?1, %s)`

// holdRows holds each timeline row read to its entry: the entry is
// checked (its hash and links), must be the row's record (its kind, its
// id, the incident), and the row's kind, time, actor and summary must be
// what the entry's record gives (rowOfEvent, as verify derives them). A
// page showed the derived columns alone: a summary edited outside
// signoff ("FORGED: approved by the CEO") showed on the review screen as
// the record, with no banner (a hostile review). A row that differs is
// noted (ReadFault) and shows what its entry holds. It costs a page one
// more statement and a payload decoded a row.
func (d *DB) holdRows(ctx context.Context, q querier, incident string, out []model.TimelineRow, seqs []int64) error {
	r := d.incidentReader(q, incident)
	for len(seqs) > 0 {
		part := seqs[:min(len(seqs), maxListed)]
		if err := r.holdPart(ctx, out[:len(part)], part); err != nil {
			return err
		}
		out, seqs = out[len(part):], seqs[len(part):]
	}
	return nil
}

// holdPart is holdRows for at most maxListed rows.
func (r *reader) holdPart(ctx context.Context, out []model.TimelineRow, seqs []int64) error {
	size, args := listedArgs(seqs[0], anys(seqs))
	rows, err := r.QueryContext(ctx, listed(rowEntries, size), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	entries := make(map[int64]readEntry, len(seqs))
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return err
		}
		entries[e.Seq] = e
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range out {
		e, ok := entries[seqs[i]]
		if !ok {
			r.note(chain.Fault{Seq: seqs[i], Table: "events", Subject: out[i].ID,
				Reason: "the row points at an entry the chain does not hold, so the row was altered"})
			continue
		}
		r.check(&e)
		r.holdRow(&out[i], &e)
	}
	return nil
}

// holdRow holds one row to its entry e, checked.
func (r *reader) holdRow(row *model.TimelineRow, e *readEntry) {
	var want eventRow
	var err error
	if row.Kind == model.KindEvidence {
		if !r.ofRow(e, &model.Evidence{}, row.ID) {
			return
		}
		want, err = evidenceRowOf(e.Payload)
	} else {
		if !r.ofRow(e, &model.Event{}, row.ID) {
			return
		}
		want, err = eventRowOf(e.Payload)
	}
	var differs string
	switch {
	case err != nil:
		differs = "its record cannot be read"
	case want.Kind != string(row.Kind):
		differs = "its kind"
	case want.At != row.At.UnixNano():
		differs = "its time"
	case want.Actor != row.Actor:
		differs = "its actor"
	case want.Summary != row.Summary:
		differs = "its summary"
	default:
		return
	}
	r.note(chain.Fault{Seq: e.Seq, Table: "events", Subject: row.ID,
		Reason: fmt.Sprintf("the row shows what its entry does not (%s), so the row was altered", differs)})
	if err == nil {
		row.Kind, row.Actor, row.Summary = model.EventKind(want.Kind), want.Actor, want.Summary
	}
}
