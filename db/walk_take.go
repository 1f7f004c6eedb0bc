package db

import "context"

// eachOf runs a batch statement for the ids in list and hands each entry,
// checked, to fn: with a window, seqsQuery's seqs with their payloads
// from the window (walk_window.go); without, query, which reads them.
func (w *stepWalk) eachOf(ctx context.Context, fn func(e *readEntry) error, query, seqsQuery string, list []any) error {
	if w.win == nil {
		return w.eachListed(ctx, fn, query, list)
	}
	var seqs []int64
	err := w.forListed(list, func(query string, args []any) error {
		rows, err := w.r.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				return err
			}
			seqs = append(seqs, seq)
		}
		return rows.Err()
	}, seqsQuery)
	if err != nil {
		return w.d.fail(err)
	}
	return w.eachSeq(ctx, fn, seqs)
}

// eachSeq hands fn the entries with these seqs, in their order: each
// payload from the window where it holds it, else read (and checked)
// here. A seq with no entry is passed over, as a join would.
func (w *stepWalk) eachSeq(ctx context.Context, fn func(e *readEntry) error, seqs []int64) error {
	payloads, held := make([]string, len(seqs)), make([]bool, len(seqs))
	w.win.take(seqs, payloads, held)
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
			e = readEntry{}
			e.Seq, e.Payload = seq, payloads[i]
		} else if r, ok := read[seq]; ok {
			e = r
		} else {
			continue
		}
		if err := fn(&e); err != nil {
			return w.d.fail(err)
		}
	}
	return nil
}
