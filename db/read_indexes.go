package db

import "context"

// refreshReadIndexes brings the derived tables of migration 0005 that
// follow each write up to date for the rows of an incident written at or
// after chain seq from. Each is one statement per write, not a row trigger:
// that keeps a million-row import from paying a trigger program (counts)
// or an index flush (FTS5) per row. Every write path calls it once per
// incident and transaction, through refreshFacts; calling it twice over
// the same rows would count them twice. whole says the incident itself
// was written at or after from, so no older row can be answered or
// reviewed again.
func (d *DB) refreshReadIndexes(ctx context.Context, q querier, inc, from int64, whole bool) error {
	if err := d.refreshCounts(ctx, q, inc, from, whole); err != nil {
		return err
	}
	return d.indexTimeline(ctx, q, inc, from)
}

// refreshCounts brings incident_counts up to date, on an engine that does
// not keep it itself (PostgreSQL's triggers do, migration 10 there).
func (d *DB) refreshCounts(ctx context.Context, q querier, inc, from int64, whole bool) error {
	if d.q.RefreshCounts == "" {
		return nil
	}
	_, err := q.ExecContext(ctx, d.q.RefreshCounts, inc, from, whole)
	return err
}

// indexTimeline adds the rows of incident inc from chain seq from on to
// the search index, on an engine that does not keep it itself.
func (d *DB) indexTimeline(ctx context.Context, q querier, inc, from int64) error {
	if d.q.IndexTimeline == "" {
		return nil
	}
	_, err := q.ExecContext(ctx, d.q.IndexTimeline, inc, from)
	return err
}

// refreshCountsSQL adds to incident_counts what the new rows change
// (incident_counts_derived is the definition). Pending grows by the new
// suggestions nothing answers yet and shrinks by the older suggestions
// the new rows answer first; reviewed grows by the subjects reviewed for
// the first time; when the incident is new (?3) no older suggestion can
// be answered, and the lookup is skipped.
//
// Rows written are read by seq, the table's own order: "+inc" keeps the
// planner off the indexes that lead with inc, which walked every row of
// the incident on each write (with the facts, 0.15 s per decision on an
// incident of 236,000 rows) and read a bulk import's rows out of order.
const refreshCountsSQL = `UPDATE incident_counts SET
		events = events + d.n_events,
		suggestions = suggestions + d.n_suggestions,
		decisions = decisions + d.n_decisions,
		executions = executions + d.n_executions,
		subjects = subjects + d.n_subjects,
		pending = pending + d.n_pending - CASE WHEN ?3 THEN 0 ELSE
			(SELECT count(*) FROM events s WHERE s.inc = ?1 AND +s.kind = 'suggestion' AND s.seq < ?2
				AND s.id IN (SELECT suggestion FROM events WHERE seq >= ?2 AND +inc = ?1 AND suggestion IS NOT NULL)
				AND NOT EXISTS (SELECT 1 FROM events y WHERE y.inc = ?1 AND y.suggestion = s.id AND y.seq < ?2)) END,
		reviewed = reviewed + (SELECT count(DISTINCT r.subject) FROM reviews r WHERE r.seq >= ?2 AND +r.inc = ?1
				AND NOT EXISTS (SELECT 1 FROM reviews o WHERE o.inc = ?1 AND o.subject = r.subject AND o.seq < ?2))
	FROM (SELECT
			coalesce(sum(kind <> 'evidence'), 0) AS n_events,
			coalesce(sum(kind = 'suggestion'), 0) AS n_suggestions,
			coalesce(sum(kind = 'decision'), 0) AS n_decisions,
			coalesce(sum(kind = 'execution'), 0) AS n_executions,
			coalesce(sum(starts = 1), 0) AS n_subjects,
			coalesce(sum(kind = 'suggestion' AND NOT EXISTS
				(SELECT 1 FROM events x WHERE x.inc = ?1 AND x.suggestion = e.id)), 0) AS n_pending
		FROM events e WHERE e.seq >= ?2 AND +e.inc = ?1) AS d
	WHERE incident_counts.inc = ?1`

// indexTimelineSQL adds the new rows to timeline_search, in one statement:
// FTS5 flushes what it holds at the end of each statement, so this keeps
// the index to one segment per write rather than one per row. "+inc" reads
// the new rows by seq, as in refreshCountsSQL.
const indexTimelineSQL = `INSERT INTO timeline_search (rowid, summary, actor, id, action)
	SELECT seq, summary, actor, id, coalesce(action, '') FROM events WHERE seq >= ?2 AND +inc = ?1`
