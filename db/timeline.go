package db

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// The timeline is read by keyset on the index (inc, at, id): a window
// starts with an index seek, so any window of a huge incident costs what
// the first one does. subject names the review subject of each row, and
// the outer query adds the latest verdict on it.
const (
	subjectOf = `CASE
			WHEN e.starts = 1 THEN e.id
			WHEN e.kind = 'decision' THEN e.suggestion
			WHEN e.kind = 'execution' AND e.suggestion IS NOT NULL THEN e.suggestion
			WHEN e.kind = 'execution' THEN (SELECT coalesce(d.suggestion, d.id) FROM events d
				WHERE d.inc = e.inc AND d.id = e.decision AND d.kind = 'decision')
		END`
	rowColumns = `e.kind, e.id, e.at, e.actor, e.summary, ` + subjectOf + ` AS subject, e.seq AS seq`

	afterRows = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.inc = ?1 AND (e.at, e.id) > (?2, ?3)%s ORDER BY e.at, e.id LIMIT ?4`
	beforeRows = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s ORDER BY e.at DESC, e.id DESC LIMIT ?4`
	lastRows = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.inc = ?1 ORDER BY e.at DESC, e.id DESC LIMIT ?4`
)

// withVerdict wraps a window query (all constant text) to add the latest
// verdict on each row's subject, keeping the window's order. The verdict
// is looked up row by row, by the subject's index: a join on the lookup
// let PostgreSQL hash every verdict of the incident for a window of 256
// rows (18 ms at a million events, against 0.5). The verdict and its
// reviewer come from one lookup, with the verdict row's seq and time that
// hold it to its entry (holdVerdicts), as "seq at verdict reviewer" (the
// first three have no space, scanRows splits at the first three): looked
// up apart, the second lookup was a third of a page's time on PostgreSQL,
// a fifth on SQLite.
func withVerdict(inner, cond string, descending bool) string {
	order := "t.at, t.id"
	if descending {
		order = "t.at DESC, t.id DESC"
	}
	return `SELECT t.kind, t.id, t.at, t.actor, t.summary, coalesce(t.subject, ''),
		coalesce((SELECT r.seq || ' ' || r.at || ' ' || r.verdict || ' ' || r.reviewer FROM reviews r WHERE r.inc = ?1 AND r.subject = t.subject
			ORDER BY r.at DESC, r.seq DESC LIMIT 1), ''), t.seq
		FROM (` + strings.Replace(inner, "%s", cond, 1) + `) t
		ORDER BY ` + order
}

var (
	timelineAfter  = withVerdict(opaqueCursor(afterRows), "", false)
	timelineBefore = withVerdict(opaqueCursor(beforeRows), "", true)
	timelineLast   = withVerdict(lastRows, "", true)
)

// opaqueCursor gives a window's cursor to the planner as values it cannot
// look into (each a subquery of its own, evaluated once), so that a plan
// made for one cursor is a plan for any: PostgreSQL then keeps one plan for
// the screen's pages instead of planning each page again for its cursor,
// about a sixth of a page's time, for the same plan. SQLite seeks
// events_time with them as it does with the parameters.
func opaqueCursor(window string) string {
	return strings.Replace(window, "(?2, ?3)", "((SELECT CAST(?2 AS BIGINT)), (SELECT CAST(?3 AS TEXT)))", 1)
}

// start is before every row: ids are never empty.
var start = model.Cursor{At: fromNanos(math.MinInt64)}

// TimelineAfter returns up to limit rows strictly after the cursor.
func (d *DB) TimelineAfter(ctx context.Context, incident string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	c := start
	if after != nil {
		c = *after
	}
	return d.window(ctx, incident, timelineAfter, c, limit, false)
}

// TimelineBefore returns up to limit rows strictly before the cursor (the
// last rows when before is nil), in ascending order.
func (d *DB) TimelineBefore(ctx context.Context, incident string, before *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if before == nil {
		return d.window(ctx, incident, timelineLast, model.Cursor{}, limit, true)
	}
	return d.window(ctx, incident, timelineBefore, *before, limit, true)
}

// window reads a page of the timeline. Its limit is written into the
// statement, rounded up to a power of two (the rows beyond it are read
// and dropped), so that the screen's few page sizes are a few statements:
// told the limit only as a parameter, PostgreSQL plans the page again at
// every read (a generic plan cannot know how few rows it wants), about
// a sixth of the read; with the limit in the text it plans it once.
func (d *DB) window(ctx context.Context, incident, query string, c model.Cursor, limit int, reverse bool) ([]model.TimelineRow, error) {
	if limit <= 0 {
		return nil, nil
	}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rounded := 1
	for rounded < limit {
		rounded *= 2
	}
	query = strings.Replace(query, "LIMIT ?4", "LIMIT "+strconv.Itoa(rounded), 1)
	rows, err := tx.QueryContext(ctx, query, inc, cursorNanos(c), c.ID)
	if err != nil {
		return nil, d.fail(err)
	}
	out, err := d.heldRows(ctx, tx, incident, rows)
	if err != nil {
		return nil, d.fail(err)
	}
	out = out[:min(len(out), limit)]
	if reverse {
		slices.Reverse(out)
	}
	return out, nil
}

// cursorNanos clamps a cursor time into the stored range, so a cursor
// before 1678 or after 2262 still means "before/after everything".
func cursorNanos(c model.Cursor) int64 {
	switch {
	case c.At.Before(minTime):
		return math.MinInt64
	case c.At.After(maxTime):
		return math.MaxInt64
	}
	return c.At.UnixNano()
}

// scanRows scans the rows of a withVerdict query, their entries' seqs
// and their verdict rows.
func scanRows(rows *sql.Rows) ([]model.TimelineRow, []int64, []verdictRow, error) {
	defer rows.Close()
	var out []model.TimelineRow
	var seqs []int64
	var verdicts []verdictRow
	for rows.Next() {
		var r model.TimelineRow
		var kind, review string
		var at, seq int64
		if err := rows.Scan(&kind, &r.ID, &at, &r.Actor, &r.Summary, &r.Subject, &review, &seq); err != nil {
			return nil, nil, nil, err
		}
		var v verdictRow
		if review != "" {
			f := strings.SplitN(review, " ", 4)
			for len(f) < 4 {
				f = append(f, "")
			}
			// Both are integer columns; a time stored as text outside
			// signoff does not parse, and is not the entry's.
			v.shown = true
			v.seq, _ = strconv.ParseInt(f[0], 10, 64)
			when, err := strconv.ParseInt(f[1], 10, 64)
			v.at, v.atOK = when, err == nil
			r.Verdict, r.Reviewer = model.Verdict(f[2]), f[3]
		}
		r.Kind, r.At = model.EventKind(kind), fromNanos(at)
		out, seqs, verdicts = append(out, r), append(seqs, seq), append(verdicts, v)
	}
	return out, seqs, verdicts, rows.Err()
}

// heldRows scans the rows of a withVerdict query and holds each, and its
// verdict, to its entry (holdRows).
func (d *DB) heldRows(ctx context.Context, q querier, incident string, rows *sql.Rows) ([]model.TimelineRow, error) {
	out, seqs, verdicts, err := scanRows(rows)
	if err != nil {
		return nil, err
	}
	return out, d.holdRows(ctx, q, incident, out, seqs, verdicts)
}

// SearchTimeline finds the first row after (forward) or before the cursor
// whose summary, actor, action or id contains text, ignoring case as Go
// folds it (foldText).
// It looks first among the rows next to the cursor (a hit nearby costs a
// short index walk), then among the rows the trigram index says may hold
// the text; text of fewer than three characters has no trigram, so it
// walks the timeline.
func (d *DB) SearchTimeline(ctx context.Context, incident, text string, from model.Cursor, forward bool) (*model.TimelineRow, error) {
	needle := foldText(text)
	if !d.q.CanHold(needle) {
		return nil, nil // no row holds what the engine cannot store
	}
	expr, ok := d.q.SearchIndexArg(needle)
	if !ok {
		return d.first(ctx, incident, from, forward, afterRows, beforeRows, d.q.SearchMatch, needle)
	}
	row, err := d.first(ctx, incident, from, forward, afterNear, beforeNear, d.q.SearchMatch, needle)
	if row != nil || err != nil {
		return row, err
	}
	return d.first(ctx, incident, from, forward, d.q.IndexedAfter, d.q.IndexedBefore, d.q.SearchMatch, needle, expr)
}

// searchMatch is SQLite's one test of a search hit, with or without the index:
// the rows folded as the search text is (fold.go). The four fields are
// folded in one call, the unit separator (U+001F) between them: a call
// into Go costs more than the folding, and a walk makes one per row. Only
// a search text holding that control character could match across two
// fields. (A NUL would do better, but text reaches the function only up to
// its first NUL.)
const searchMatch = ` AND instr(` + foldedRow + `, ?5)`

// foldedRow is the text of a row a search reads, folded.
const foldedRow = `signoff_fold(e.summary || char(31) || e.actor || char(31) || e.id || char(31) || coalesce(e.action, ''))`

// nearRows is how many rows next to the cursor a search reads before it
// turns to the index.
const nearRows = "2048"

// The near queries read the rows next to the cursor through events_time;
// the indexed ones start from the trigram index's candidates (CROSS JOIN
// keeps that order) and sort the few that pass the test.
const (
	afterNear = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.seq IN (SELECT seq FROM events WHERE inc = ?1 AND (at, id) > (?2, ?3) ORDER BY at, id LIMIT ` + nearRows + `)%s
		ORDER BY e.at, e.id LIMIT ?4`
	beforeNear = `SELECT ` + rowColumns + ` FROM events e
		WHERE e.seq IN (SELECT seq FROM events WHERE inc = ?1 AND (at, id) < (?2, ?3) ORDER BY at DESC, id DESC LIMIT ` + nearRows + `)%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
	afterIndexed = `SELECT ` + rowColumns + ` FROM timeline_search CROSS JOIN events e ON e.seq = timeline_search.rowid
		WHERE timeline_search MATCH ?6 AND e.inc = ?1 AND (e.at, e.id) > (?2, ?3)%s
		ORDER BY e.at, e.id LIMIT ?4`
	beforeIndexed = `SELECT ` + rowColumns + ` FROM timeline_search CROSS JOIN events e ON e.seq = timeline_search.rowid
		WHERE timeline_search MATCH ?6 AND e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`
)

// maxTrigrams bounds the terms of an index query: a few spread over the
// text narrow the candidates about as well as all of them.
const maxTrigrams = 8

// trigramQuery turns lowered search text into an FTS5 query that every
// row containing it matches: its trigrams, each a quoted string, joined by
// AND. It declines text with fewer than three characters, invalid UTF-8
// or a NUL, which the index cannot answer exactly.
func trigramQuery(needle string) (string, bool) {
	if !utf8.ValidString(needle) || strings.ContainsRune(needle, 0) {
		return "", false
	}
	runes := []rune(needle)
	n := len(runes) - 2
	if n < 1 {
		return "", false
	}
	var terms []string
	seen := map[string]bool{}
	for k := range min(n, maxTrigrams) {
		i := k * (n - 1) / max(1, min(n, maxTrigrams)-1) // first to last, evenly
		t := string(runes[i : i+3])
		if !seen[t] {
			seen[t] = true
			terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
		}
	}
	return strings.Join(terms, " AND "), true
}

// NextUnreviewed finds the first row after (or before) the cursor that
// begins a review subject with no verdict yet.
func (d *DB) NextUnreviewed(ctx context.Context, incident string, from model.Cursor, forward bool) (*model.TimelineRow, error) {
	const unreviewed = ` AND e.starts = 1 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.inc = e.inc AND r.subject = e.id)`
	return d.first(ctx, incident, from, forward, afterRows, beforeRows, unreviewed)
}

// first runs a one-row query (after or before, with an extra constant
// condition) from the cursor.
func (d *DB) first(ctx context.Context, incident string, from model.Cursor, forward bool, after, before, cond string, args ...any) (*model.TimelineRow, error) {
	query := withVerdict(after, cond, false)
	if !forward {
		query = withVerdict(before, cond, true)
	}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, query, append([]any{inc, cursorNanos(from), from.ID, 1}, args...)...)
	if err != nil {
		return nil, d.fail(err)
	}
	out, err := d.heldRows(ctx, tx, incident, rows)
	if err != nil || len(out) == 0 {
		return nil, d.fail(err)
	}
	return &out[0], nil
}
