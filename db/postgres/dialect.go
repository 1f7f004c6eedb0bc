package postgres

import (
	"strings"
	"unicode/utf8"

	"github.com/signoff/signoff/db/engine"
)

// dialect is PostgreSQL's side of the statements the engines spell
// differently. Its parameters are written as the store's are (?NNN), so
// they compose with the store's statements; {entry}, {rows} and {subject}
// are the store's column lists (engine.Dialect).
var dialect = engine.Dialect{
	// The JSON array of integers, [1,2,3], spelled as PostgreSQL's array
	// {1,2,3}: the planner knows how many an array holds, not how many a
	// JSON function returns (it guesses 100), so a refresh of the queue
	// for one incident looks its rows up by index instead of scanning
	// every pending item (2.3 ms and 2.7 ms of planning, against 0.05 ms
	// and 0.5 ms).
	IntList: func(p string) string {
		return "SELECT unnest(translate(" + p + "::text, '[]', '{}')::bigint[]) AS value"
	},
	TextPairs: func(p string) string {
		return "SELECT t.n - 1 AS n, t.v ->> 0 AS a, t.v ->> 1 AS b FROM json_array_elements(" + p + "::json) WITH ORDINALITY AS t(v, n)"
	},
	JSONText: func(expr, k string) string { return "(" + expr + "::json ->> '" + k + "')" },
	Total: func(expr, where string) string {
		if where != "" {
			where = " FILTER (WHERE " + where + ")"
		}
		return "coalesce(sum(" + expr + ")" + where + ", 0)::float8"
	},
	// The planner chooses its own index.
	IndexedBy: func(string) string { return "" },

	// folded is the row's search text, folded by the writer.
	SearchMatch: ` AND strpos(e.folded, ?5::text) > 0`,
	FilterCond: ` AND (?7::text IS NULL OR e.kind IN (SELECT value FROM json_array_elements_text(?7::json)))
		AND (?8::text IS NULL OR e.actor = ?8)
		AND (?9::text IS NULL OR e.target = ?9 OR (e.kind = 'execution' AND EXISTS (SELECT 1 FROM events a
			WHERE a.inc = e.inc AND a.id = coalesce(e.decision, e.suggestion) AND a.target = ?9)))
		AND (?10::int = 0 OR ({subject}) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM reviews r
			WHERE r.inc = e.inc AND r.subject = ({subject})))
		AND (?5::text IS NULL OR strpos(e.folded, ?5) > 0)`,
	CanHold:        canHold,
	SearchIndexArg: likePattern,
	// The trigram index (events_search) answers LIKE; the planner weighs
	// it against walking the timeline in order.
	IndexedAfter: `SELECT {rows} FROM events e
		WHERE e.folded LIKE ?6::text AND e.inc = ?1 AND (e.at, e.id) > (?2, ?3)%s
		ORDER BY e.at, e.id LIMIT ?4`,
	IndexedBefore: `SELECT {rows} FROM events e
		WHERE e.folded LIKE ?6::text AND e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`,
	IndexedBeforeEnd: `SELECT {rows} FROM events e
		WHERE e.folded LIKE ?6::text AND e.inc = ?1%s
		ORDER BY e.at DESC, e.id DESC LIMIT ?4`,
	IndexedCount: `SELECT count(*) FROM (SELECT 1 FROM events e
		WHERE e.folded LIKE ?6::text AND e.inc = ?1 AND (e.at, e.id) < (?2, ?3)%s LIMIT ?4) AS w`,

	ExecutionsOfSuggestion: `SELECT seq FROM events WHERE inc = ?1 AND suggestion = ?2
		UNION SELECT x.seq FROM events d JOIN events x ON x.inc = d.inc AND x.decision = d.id
			WHERE d.inc = ?1 AND d.suggestion = ?2 AND d.kind = 'decision'`,

	InsertEvents: "INSERT INTO events (seq, inc, id, at, kind, actor, summary, action, target, suggestion, decision, starts, folded) VALUES ",
	EventColumns: 13,
	FoldedColumn: true,
	// A failed statement fails a PostgreSQL transaction: the store could
	// not go on to name the record that took an id.
	SkipTakenEvents: " ON CONFLICT (inc, id) DO NOTHING RETURNING seq",

	// The derived tables are written only by functions that run as the
	// schema's owner, for triggers that fire on every insert of timeline
	// rows and verdicts, whoever inserts (migrations 10 and 11): the
	// counts as each statement inserts, the facts (and the queue's rows
	// and the sums after them) at the transaction's commit, with no call
	// of the writer's. The application role has no right to write them.
	RefreshFacts:     "",
	NewIncidentFacts: "",
	RefreshCounts:    "",
	// The trigram index is kept by the server as rows are inserted.
	IndexTimeline: "",

	// A copy stopped part way (killed, the server gone) leaves every row
	// it wrote behind, dead, until a vacuum, and the next copy walks them:
	// the chain's in-line check looks past the entries each statement
	// appends for any numbered after them, and found the dead ones (a
	// million-event copy after one killed at 600,000 entries had not ended
	// after 34 minutes; 5.4 into a fresh schema, 6.5 with a VACUUM first,
	// BENCHMARKS.md). VACUUM cannot run in a transaction, so it runs
	// before the copy's; on tables the connected role does not own the
	// server skips it with a warning.
	CleanBeforeCopy: `VACUUM chain, incidents, people, agents, assets, events, reviews, queue_approvals,
		queue_decisions, status_changes, handoff_notes, suggestion_facts, suggestion_cells,
		incident_counts, pending_items, training_runs, training_choices`,
	// An identity column's sequence does not follow ids written into it.
	AfterCopy: `SELECT setval(pg_get_serial_sequence('training_runs', 'id'), coalesce(max(id), 0) + 1, false) FROM training_runs`,
	// A copy sums the metrics' cells incident by incident, in one
	// transaction: each change to a cell leaves the row it replaced
	// behind, which no vacuum can reclaim while the transaction runs, and
	// the table ends many times the size of its rows (112 MB for 30,240
	// cells from 10,000 incidents), which every unfiltered metrics read
	// then scans. Written again into a new file, it holds its rows only.
	// The owner may; the application role may not truncate, and keeps the
	// table as it is (a VACUUM FULL later does the same).
	// The facts are written first: the server writes them at commit
	// otherwise (migration 11), after the compaction.
	CompactAfterCopy: `DO $$ BEGIN
		SET CONSTRAINTS facts_at_commit IMMEDIATE;
		SET CONSTRAINTS facts_at_commit DEFERRED;
		IF has_table_privilege('suggestion_cells', 'TRUNCATE') THEN
			CREATE TEMP TABLE signoff_copied_cells ON COMMIT DROP AS SELECT * FROM suggestion_cells;
			TRUNCATE suggestion_cells;
			INSERT INTO suggestion_cells SELECT * FROM signoff_copied_cells;
		END IF;
	END $$`,
	// Statistics now rather than whenever autovacuum comes round: until
	// then every read of the copy is planned as if its tables were empty
	// (the step pane took 16.9 ms instead of 3.8). The store's own tables
	// only: a bare ANALYZE would walk every schema of a shared database. A
	// role that does not own the tables is told so by a warning, not an
	// error.
	AnalyzeAfterCopy: `DO $$ DECLARE t text; BEGIN
		FOR t IN SELECT format('%I', tablename) FROM pg_tables WHERE schemaname = current_schema() LOOP
			EXECUTE 'ANALYZE ' || t;
		END LOOP;
	END $$`,
}

// canHold: PostgreSQL's text is valid UTF-8 without NUL.
func canHold(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// likePattern turns folded search text into the LIKE pattern the trigram
// index answers: the text anywhere in the row. Under three characters
// there is no trigram to look up, so the timeline is walked instead.
func likePattern(folded string) (string, bool) {
	if !canHold(folded) || utf8.RuneCountInString(folded) < 3 {
		return "", false
	}
	escaped := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(folded)
	return "%" + escaped + "%", true
}
