package db

import "github.com/signoff/signoff/db/engine"

// sqliteDialect is SQLite's side of the statements the engines spell
// differently (engine.Dialect); the texts live beside the code that runs
// them.
var sqliteDialect = engine.Dialect{
	IntList: func(p string) string { return "SELECT value FROM json_each(" + p + ")" },
	TextPairs: func(p string) string {
		return "SELECT key AS n, value ->> 0 AS a, value ->> 1 AS b FROM json_each(" + p + ")"
	},
	JSONText: func(expr, k string) string { return expr + " ->> '$." + k + "'" },
	Total: func(expr, where string) string {
		if where == "" {
			return "total(" + expr + ")"
		}
		return "total(" + expr + ") FILTER (WHERE " + where + ")"
	},
	IndexedBy: func(index string) string { return " INDEXED BY " + index },

	CanHold:          func(string) bool { return true },
	SearchMatch:      searchMatch,
	FilterCond:       filterCond,
	SearchIndexArg:   trigramQuery,
	IndexedAfter:     afterIndexed,
	IndexedBefore:    beforeIndexed,
	IndexedBeforeEnd: beforeIndexedEnd,
	IndexedCount:     countIndexed,

	ExecutionsOfSuggestion: executionsOfSuggestion,

	InsertEvents: insertEventsSQLite,
	EventColumns: 12,

	RefreshFacts:     refreshFactsSQL,
	NewIncidentFacts: newIncidentFactsSQL,
	RefreshCounts:    refreshCountsSQL,
	IndexTimeline:    indexTimelineSQL,
}

// executionsOfSuggestion: the CROSS JOIN makes SQLite start from the
// suggestion's decisions (engine.Dialect.ExecutionsOfSuggestion).
const executionsOfSuggestion = `SELECT seq FROM events WHERE inc = ?1 AND suggestion = ?2
	UNION SELECT x.seq FROM events d CROSS JOIN events x ON x.inc = d.inc AND x.decision = d.id
		WHERE d.inc = ?1 AND d.suggestion = ?2 AND d.kind = 'decision'`
