package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
)

// A bounded search walks at most ?11 rows from the cursor through
// events_time, tests them with the filter, and stops; reached reads the
// last row of that walk, none when the walk ran to the end.
const (
	walkAfter = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.seq IN (SELECT seq FROM events WHERE inc = ?1 AND (at, id) > (?2, ?3) ORDER BY at, id LIMIT ?11)%s
		ORDER BY e.at, e.id LIMIT ?4`
	walkBefore = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.seq IN (SELECT seq FROM events WHERE inc = ?1 AND (at, id) < (?2, ?3) ORDER BY at DESC, id DESC LIMIT ?11)%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
	reachedAfter  = `SELECT at, id FROM events WHERE inc = ?1 AND (at, id) > (?2, ?3) ORDER BY at, id LIMIT 1 OFFSET ?4`
	reachedBefore = `SELECT at, id FROM events WHERE inc = ?1 AND (at, id) < (?2, ?3) ORDER BY at DESC, id DESC LIMIT 1 OFFSET ?4`
)

// SearchWithin finds the first row after (forward) or before the cursor
// that passes f, among the next within rows when f makes the search walk
// the timeline; text the trigram index narrows is answered by the index,
// whatever the distance.
func (d *DB) SearchWithin(ctx context.Context, incident string, f model.TimelineFilter, from model.Cursor, forward bool, within int) (model.SearchStep, error) {
	needle := foldText(f.Text)
	if !d.q.CanHold(needle) {
		return model.SearchStep{End: true}, nil
	}
	if _, indexed := d.q.SearchIndexArg(needle); (indexed && f.Text != "") || within <= 0 {
		rows, err := d.FilteredTimeline(ctx, incident, f, &from, forward, 1)
		if err != nil || len(rows) == 0 {
			return model.SearchStep{End: err == nil}, err
		}
		return model.SearchStep{Row: &rows[0]}, nil
	}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return model.SearchStep{}, err
	}
	defer tx.Rollback()
	query, reached := withVerdict(walkAfter, d.q.FilterCond, false), reachedAfter
	if !forward {
		query, reached = withVerdict(walkBefore, d.q.FilterCond, true), reachedBefore
	}
	args := append([]any{inc, cursorNanos(from), from.ID, 1}, filterArgs(f, "")...)
	rows, err := tx.QueryContext(ctx, query, append(args, within)...)
	if err != nil {
		return model.SearchStep{}, d.fail(err)
	}
	got, err := d.heldRows(ctx, tx, incident, rows)
	if err != nil {
		return model.SearchStep{}, d.fail(err)
	}
	if len(got) > 0 {
		return model.SearchStep{Row: &got[0]}, nil
	}
	var at int64
	var id string
	err = tx.QueryRowContext(ctx, reached, inc, cursorNanos(from), from.ID, within-1).Scan(&at, &id)
	if err == sql.ErrNoRows {
		return model.SearchStep{End: true}, nil
	}
	if err != nil {
		return model.SearchStep{}, d.fail(err)
	}
	return model.SearchStep{Reached: model.Cursor{At: fromNanos(at), ID: id}}, nil
}
