package db

import "context"

// indexTimeline adds the event rows of an incident written at or after
// chain seq from to timeline_search (migration 0005), in one statement:
// FTS5 flushes what it holds at the end of each statement, so one
// statement per write keeps the index to one segment per write rather
// than one per row. Every write path calls it through refreshFacts.
func indexTimeline(ctx context.Context, q querier, inc, from int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO timeline_search (rowid, summary, actor, id, action)
		SELECT seq, summary, actor, id, coalesce(action, '') FROM events WHERE seq >= ?2 AND inc = ?1`, inc, from)
	return err
}
