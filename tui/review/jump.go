package review

import "github.com/signoff/signoff/model"

// jumpBatch is how many rows a jump reads at a time.
const jumpBatch = 64

// stepRow finds where ] or [ lands under a filter, which may hide the row
// a step begins with: the first row the filter shows of the next (or
// previous) step it passes. Steps follow the rows they begin with, as
// without a filter, so a later row of the step on screen is never a step
// of its own.
func (r reader) stepRow(from model.Cursor, f model.TimelineFilter, forward bool) (*model.TimelineRow, error) {
	began := map[string]model.Cursor{}
	if forward {
		return r.nextStepRow(from, f, began)
	}
	return r.prevStepRow(from, f, began)
}

// nextStepRow is the first row after from whose step began after from.
func (r reader) nextStepRow(from model.Cursor, f model.TimelineFilter, began map[string]model.Cursor) (*model.TimelineRow, error) {
	cur := from
	for {
		rows, err := r.store.FilteredTimeline(r.ctx, r.inc, f, &cur, true, jumpBatch)
		if err != nil || len(rows) == 0 {
			return nil, err
		}
		for i := range rows {
			b, err := r.began(rows[i], began)
			if err != nil {
				return nil, err
			}
			if cursorAfter(b, from) {
				return &rows[i], nil
			}
		}
		cur = rows[len(rows)-1].Cursor()
	}
}

// prevStepRow is the first row shown of the step of the nearest row
// before from: the earliest of its rows met before the scan passes the
// row the step began with.
func (r reader) prevStepRow(from model.Cursor, f model.TimelineFilter, began map[string]model.Cursor) (*model.TimelineRow, error) {
	cur := from
	var found *model.TimelineRow
	var start model.Cursor
	for {
		rows, err := r.store.FilteredTimeline(r.ctx, r.inc, f, &cur, false, jumpBatch)
		if err != nil || len(rows) == 0 {
			return found, err
		}
		// The rows before from come in the timeline's order: read them back.
		for i := len(rows) - 1; i >= 0; i-- {
			row := rows[i]
			switch {
			case found == nil:
				if start, err = r.began(row, began); err != nil {
					return nil, err
				}
				found = &row
			case cursorAfter(start, row.Cursor()):
				return found, nil
			case row.Subject == found.Subject:
				found = &row
			}
		}
		cur = rows[0].Cursor()
	}
}

// began is where a row's step begins: the row of its review subject.
func (r reader) began(row model.TimelineRow, known map[string]model.Cursor) (model.Cursor, error) {
	if row.Subject == "" || row.Subject == row.ID {
		return row.Cursor(), nil
	}
	if c, ok := known[row.Subject]; ok {
		return c, nil
	}
	ev, err := r.store.Event(r.ctx, r.inc, row.Subject)
	if err != nil {
		return model.Cursor{}, err
	}
	c := model.Cursor{At: ev.At, ID: ev.ID}
	known[row.Subject] = c
	return c, nil
}

// cursorAfter says whether a comes after b in the timeline's order (time,
// then id).
func cursorAfter(a, b model.Cursor) bool {
	return a.At.After(b.At) || a.At.Equal(b.At) && a.ID > b.ID
}
