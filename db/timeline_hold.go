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
// noted (ReadFault) and shows what its entry holds. Each row's verdict is
// held to its entry too (holdVerdicts). It costs a page one more
// statement, which reads the rows' and the verdicts' entries, and a
// payload decoded a row and a verdict.
func (d *DB) holdRows(ctx context.Context, q querier, incident string, out []model.TimelineRow, seqs []int64, verdicts []verdictRow) error {
	r := d.incidentReader(q, incident)
	for len(seqs) > 0 {
		// A part's rows and their verdicts are at most maxListed entries.
		n := min(len(seqs), max(1, maxListed/2))
		if err := r.holdPart(ctx, out[:n], seqs[:n], verdicts[:n]); err != nil {
			return err
		}
		out, seqs, verdicts = out[n:], seqs[n:], verdicts[n:]
	}
	return nil
}

// holdPart is holdRows for at most maxListed/2 rows.
func (r *reader) holdPart(ctx context.Context, out []model.TimelineRow, seqs []int64, verdicts []verdictRow) error {
	list := anys(seqs)
	added := make(map[int64]bool, len(verdicts))
	for _, v := range verdicts {
		if v.shown && !added[v.seq] {
			added[v.seq] = true
			list = append(list, v.seq)
		}
	}
	size, args := listedArgs(seqs[0], list)
	rows, err := r.QueryContext(ctx, listed(rowEntries, size), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	entries := make(map[int64]readEntry, len(list))
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
	r.holdVerdicts(out, verdicts, entries)
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

// verdictRow is a row's latest verdict as the reviews row gives it
// (withVerdict): its seq, which its entry is read by, and its time.
type verdictRow struct {
	shown bool // the row has a verdict
	seq   int64
	at    int64
	atOK  bool // the time is an integer, as signoff writes it
}

// holdVerdicts holds the verdict each row shows to its entry: the entry
// is checked, must be a verdict of the incident on the row's subject, and
// its verdict, reviewer and time must be the row's. The verdict column
// ("✓ followed · mara") was read from the reviews rows alone: a verdict
// edited outside signoff showed as the record, no banner. A verdict row
// that differs is noted, once, and the rows show what its entry holds; one
// that is not a verdict's record of the subject shows no verdict.
func (r *reader) holdVerdicts(out []model.TimelineRow, verdicts []verdictRow, entries map[int64]readEntry) {
	held := make(map[int64]*model.Review)
	for i := range out {
		v := verdicts[i]
		if !v.shown {
			continue
		}
		rev, done := held[v.seq]
		if !done {
			rev = r.holdVerdict(&out[i], v, entries)
			held[v.seq] = rev
		}
		out[i].Verdict, out[i].Reviewer = "", ""
		if rev != nil {
			out[i].Verdict, out[i].Reviewer = rev.Verdict, rev.Reviewer
		}
	}
}

// holdVerdict is the verdict held in the entry of v, the verdict row
// shows, or nil when that entry is not the record of a verdict on the
// row's subject.
func (r *reader) holdVerdict(row *model.TimelineRow, v verdictRow, entries map[int64]readEntry) *model.Review {
	e, ok := entries[v.seq]
	if !ok {
		r.note(chain.Fault{Seq: v.seq, Table: "reviews", Subject: row.Subject,
			Reason: "the row points at an entry the chain does not hold, so the row was altered"})
		return nil
	}
	r.check(&e)
	var rev model.Review
	if !r.ofRow(&e, &rev, row.Subject) {
		return nil
	}
	if err := unmarshalPayload(e.Payload, &rev); err != nil {
		r.note(notARecord(e.Seq, e.Kind, e.Subject, err))
		return nil
	}
	var differs string
	switch {
	case rev.Verdict != row.Verdict:
		differs = "its verdict"
	case rev.Reviewer != row.Reviewer:
		differs = "its reviewer"
	case !v.atOK || v.at != rev.At.UnixNano():
		differs = "its time"
	default:
		return &rev
	}
	r.note(chain.Fault{Seq: e.Seq, Table: "reviews", Subject: row.Subject,
		Reason: fmt.Sprintf("the row shows what its entry does not (%s), so the row was altered", differs)})
	return &rev
}
