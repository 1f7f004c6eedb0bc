package db

import (
	"context"
	"slices"
)

// eachOf runs a batch statement for the ids in list and hands each entry,
// checked, to fn: with a window, seqsQuery's seqs (and their rows' ids)
// with their entries from the window (walk_window.go); without, query,
// which reads them.
func (w *stepWalk) eachOf(ctx context.Context, fn func(e *readEntry) error, query, seqsQuery string, list []any) error {
	if w.win == nil {
		return w.eachListed(ctx, fn, query, list)
	}
	var seqs []int64
	var ids []string
	err := w.forListed(list, func(query string, args []any) error {
		rows, err := w.r.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var id string
			if err := rows.Scan(&seq, &id); err != nil {
				return err
			}
			seqs, ids = append(seqs, seq), append(ids, id)
		}
		return rows.Err()
	}, seqsQuery)
	if err != nil {
		return w.d.fail(err)
	}
	return w.eachSeq(ctx, fn, seqs, ids)
}

// eachSeq hands fn the entries with these seqs, in their order, each read
// through the row of ids' id at its place: each entry from the window
// where it holds it, else read (and checked) here. A seq with no entry is
// passed over, as a join would.
func (w *stepWalk) eachSeq(ctx context.Context, fn func(e *readEntry) error, seqs []int64, ids []string) error {
	// The walk's buffers, for the next call to take them again: a walk
	// takes a million entries, a batch at a time.
	w.slots, w.held = slices.Grow(w.slots[:0], len(seqs))[:len(seqs)], slices.Grow(w.held[:0], len(seqs))[:len(seqs)]
	slots, held := w.slots, w.held
	w.win.take(seqs, slots, held)
	var missed []any
	for i, seq := range seqs {
		if !held[i] {
			missed = append(missed, seq)
		}
	}
	w.missed += len(missed)
	var read map[int64]readEntry
	if len(missed) > 0 {
		read = make(map[int64]readEntry, len(missed))
		err := w.eachListed(ctx, func(e *readEntry) error {
			read[e.Seq] = *e
			return nil
		}, entryPayloads, missed)
		if err != nil {
			return err
		}
	}
	var e readEntry // declared once: fn takes its address
	for i, seq := range seqs {
		if held[i] {
			// The pass read it, in the incident, and checked it.
			s := &slots[i]
			e = readEntry{}
			e.Seq, e.Payload, e.Kind, e.Subject, e.Incident = seq, s.payload, s.kind, s.subject, w.incident
		} else if r, ok := read[seq]; ok {
			e = r
		} else {
			continue
		}
		e.row = ids[i]
		if err := fn(&e); err != nil {
			return w.d.fail(err)
		}
	}
	return nil
}
