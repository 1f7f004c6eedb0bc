package db

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"

	"github.com/signoff/signoff/model"
)

// Filtered timelines: the review screen's filters (kind, actor, asset,
// unreviewed) and its search, read by keyset like the plain timeline. A
// filter is a condition on the walk of events_time from the cursor, so a
// page costs the rows walked to fill it: little for a common kind, up to
// the whole incident for a rare actor (BENCHMARKS.md). Search text goes
// through the trigram index as SearchTimeline does.

// filterCond is SQLite's one test of a filter. Every parameter is always
// bound; a NULL (or 0) one lets every row through.
const filterCond = ` AND (?7 IS NULL OR e.kind IN (SELECT value FROM json_each(?7)))
		AND (?8 IS NULL OR e.actor = ?8)
		AND (?9 IS NULL OR e.target = ?9 OR (e.kind = 'execution' AND EXISTS (SELECT 1 FROM events a
			WHERE a.inc = e.inc AND a.id = coalesce(e.decision, e.suggestion) AND a.target = ?9)))
		AND (?10 = 0 OR (` + subjectOf + `) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reviews r
			WHERE r.inc = e.inc AND r.subject = (` + subjectOf + `)))
		AND (?5 IS NULL OR instr(` + foldedRow + `, ?5))`

// filterArgs binds ?5 to ?10 of filterCond (?6 is the trigram query of
// the indexed search, "" when unused).
func filterArgs(f model.TimelineFilter, trigrams string) []any {
	args := []any{nil, trigrams, nil, nil, nil, 0}
	if f.Text != "" {
		args[0] = foldText(f.Text)
	}
	if len(f.Kinds) > 0 {
		kinds, _ := json.Marshal(f.Kinds)
		args[2] = string(kinds)
	}
	if f.Actor != "" {
		args[3] = f.Actor
	}
	if f.Asset != "" {
		args[4] = f.Asset
	}
	if f.Unreviewed {
		args[5] = 1
	}
	return args
}

// The last rows that pass a filter, read backwards from the end.
const lastFiltered = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.inc = ?1%s ORDER BY e.at DESC, e.id DESC LIMIT ?4`

// FilteredTimeline returns up to limit rows that pass f, strictly after
// (forward) or before the cursor, from the start or the end when from is
// nil, in ascending time order.
func (d *DB) FilteredTimeline(ctx context.Context, incident string, f model.TimelineFilter, from *model.Cursor, forward bool, limit int) ([]model.TimelineRow, error) {
	if limit <= 0 || !d.q.CanHold(foldText(f.Text)) {
		return nil, nil
	}
	c, after, before := start, afterRows, beforeRows
	if from != nil {
		c = *from
	} else if !forward {
		before = lastFiltered
	}
	trigrams, indexed := d.q.SearchIndexArg(foldText(f.Text))
	if f.Text == "" {
		indexed = false
	}
	var plans [][2]string
	if indexed {
		// Near the cursor first (a hit close by costs a short walk), then
		// the index's candidates; an empty near page says nothing about
		// the rows further off, so the index answers the rest.
		plans = append(plans, [2]string{afterNear, beforeNear}, [2]string{d.q.IndexedAfter, d.q.IndexedBefore})
		if from == nil && !forward {
			plans[0][1], plans[1][1] = beforeNearEnd, d.q.IndexedBeforeEnd
		}
	} else {
		plans = append(plans, [2]string{after, before})
	}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var out []model.TimelineRow
	for i, p := range plans {
		query := withVerdict(p[0], d.q.FilterCond, false)
		if !forward {
			query = withVerdict(p[1], d.q.FilterCond, true)
		}
		args := append([]any{inc, cursorNanos(c), c.ID, limit}, filterArgs(f, trigrams)...)
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, d.fail(err)
		}
		got, err := d.heldRows(ctx, tx, incident, rows)
		if err != nil {
			return nil, d.fail(err)
		}
		out = mergeRows(out, got, forward, limit)
		// A full page from the near rows is the answer only when it is
		// all the page needs: the indexed plan may find nearer rows past
		// the near walk only if the near walk came up short.
		if i == 0 && len(plans) > 1 && len(out) >= limit {
			break
		}
	}
	if !forward {
		slices.Reverse(out)
	}
	return out, nil
}

// mergeRows joins the rows of two plans in walk order (ascending forward,
// descending backward), without duplicates, keeping the first limit.
func mergeRows(a, b []model.TimelineRow, forward bool, limit int) []model.TimelineRow {
	seen := make(map[string]bool, len(a))
	for _, r := range a {
		seen[r.ID] = true
	}
	for _, r := range b {
		if !seen[r.ID] {
			a = append(a, r)
		}
	}
	slices.SortFunc(a, func(x, y model.TimelineRow) int {
		c := x.At.Compare(y.At)
		if c == 0 {
			c = strings.Compare(x.ID, y.ID)
		}
		if !forward {
			c = -c
		}
		return c
	})
	return a[:min(len(a), limit)]
}

// The backward plans from the very end of the timeline, for search text
// with no cursor.
const (
	beforeNearEnd = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.seq IN (SELECT seq FROM events WHERE inc = ?1 ORDER BY at DESC, id DESC LIMIT ` + nearRows + `)%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
	beforeIndexedEnd = `SELECT ` + rowColumns + ` FROM timeline_search CROSS JOIN events e ON e.seq = timeline_search.rowid
		WHERE timeline_search MATCH ?6 AND e.inc = ?1%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
)

// countLimit is what CountTimeline reads at most: past it a count is
// "more than", which is all a reader needs of a long list.
const (
	countFrom    = `SELECT count(*) FROM (SELECT 1 FROM events e WHERE e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s LIMIT ?4) AS w`
	countIndexed = `SELECT count(*) FROM (SELECT 1 FROM timeline_search CROSS JOIN events e ON e.seq = timeline_search.rowid
		WHERE timeline_search MATCH ?6 AND e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s LIMIT ?4)`
)

// CountTimeline counts the rows that pass f, strictly before the cursor
// when before is not nil, stopping at max: a count of max means "max or
// more".
func (d *DB) CountTimeline(ctx context.Context, incident string, f model.TimelineFilter, before *model.Cursor, max int) (int, error) {
	at, id := int64(math.MaxInt64), "" // past every row
	if before != nil {
		at, id = cursorNanos(*before), before.ID
	}
	if !d.q.CanHold(foldText(f.Text)) {
		return 0, nil
	}
	trigrams, indexed := d.q.SearchIndexArg(foldText(f.Text))
	query := countFrom
	if indexed && f.Text != "" {
		query = d.q.IndexedCount
	}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n int
	args := append([]any{inc, at, id, max}, filterArgs(f, trigrams)...)
	err = tx.QueryRowContext(ctx, strings.Replace(query, "%s", d.q.FilterCond, 1), args...).Scan(&n)
	return n, d.fail(err)
}
