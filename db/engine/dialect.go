package engine

// Dialect is the SQL the engines spell differently. The store's other
// statements are written once, in the subset both engines read the same
// way (with SQLite's placeholders, which PostgreSQL's driver translates).
// Fragments are pieces of a statement; the store composes them once, when
// it opens.
//
// Parameter numbers follow the store's statements: in the timeline's
// queries ?1 is the incident, ?2 and ?3 the cursor (time, id), ?4 the
// limit, ?5 the folded search text, ?6 what the search index is asked
// (SearchIndexArg), ?7 to ?10 the filter (kinds as a JSON array, actor,
// asset, unreviewed as 0 or 1).
//
// In the string fields {entry}, {rows} and {subject} stand for the
// store's column lists: the entry columns a read checks, a timeline row's
// columns and a row's review subject (db fills them in).
type Dialect struct {
	// IntList is a subquery selecting, as a column named value, the
	// integers of the JSON array in parameter p.
	IntList func(p string) string
	// TextPairs is a subquery selecting, as columns named n, a and b, the
	// position (from 0) and the two strings of each [a, b] in the JSON
	// array in parameter p.
	TextPairs func(p string) string
	// JSONText is the text of top-level key k of the JSON object expr,
	// NULL when absent.
	JSONText func(expr, k string) string
	// Total is the sum of expr over the rows where the condition where
	// holds (every row when it is ""), as a float, 0.0 over none.
	Total func(expr, where string) string
	// IndexedBy is what follows a table's name in FROM to have the engine
	// read it through the named index, "" where the planner is not told.
	IndexedBy func(index string) string

	// SearchMatch is a condition (starting with " AND ") that the row e
	// contains ?5, the search text folded (Fold in db), in its summary,
	// actor, id or action, folded the same way.
	SearchMatch string
	// FilterCond is a condition (starting with " AND ") that the row e
	// passes the filter ?5, ?7 to ?10: every one that is NULL (0 for ?10)
	// lets every row through.
	FilterCond string
	// CanHold reports whether the engine's text can hold s: a search for
	// what it cannot hold finds nothing, and is not sent.
	CanHold func(s string) bool
	// SearchIndexArg turns folded search text into ?6, what the search
	// index is asked; ok is false when the index cannot answer it
	// exactly and the timeline is walked instead.
	SearchIndexArg func(folded string) (arg string, ok bool)
	// IndexedAfter, IndexedBefore and IndexedBeforeEnd read the rows of
	// incident ?1 the search index gives for ?6, after (before) the
	// cursor, or from the end; %s is where a condition goes. They select
	// the timeline's row columns (the rowColumns of db) in the order
	// named, up to ?4 rows.
	IndexedAfter, IndexedBefore, IndexedBeforeEnd string
	// IndexedCount counts, up to ?4, the rows of incident ?1 before the
	// cursor that the index gives for ?6 and pass %s.
	IndexedCount string

	// ExecutionsOfSuggestion selects, as its one column, the seqs of the
	// timeline rows of incident ?1 that answer suggestion ?2 directly or
	// through one of its decisions (the store keeps the executions).
	ExecutionsOfSuggestion string

	// InsertEvents is the head of the insert of timeline rows, up to
	// VALUES; EventColumns how many values a row has. With FoldedColumn
	// the last of them is the row's search text folded (db's Fold).
	InsertEvents string
	EventColumns int
	FoldedColumn bool
	// SkipTakenEvents, when not "", ends the insert of timeline rows so
	// that a row whose id is taken is skipped and the inserted rows' seqs
	// are returned: for an engine where a failed statement fails the whole
	// transaction, so the store can still say which record took the id.
	// With "", the store inserts and, on a unique violation, finds the
	// row by inserting them one at a time.
	SkipTakenEvents string

	// RefreshFacts and NewIncidentFacts bring suggestion_facts up to date
	// after a write of incident ?1 from chain seq ?2 on (db's
	// refreshFacts; "" when the engine keeps the facts itself, as rows are
	// inserted); RefreshCounts does incident_counts, ?3 true when the
	// incident itself is new ("" when the engine keeps the counts itself,
	// as rows are inserted); IndexTimeline adds the new rows to the
	// search index ("" when the engine keeps it itself).
	RefreshFacts, NewIncidentFacts, RefreshCounts, IndexTimeline string

	// CleanBeforeCopy runs before a copy's transaction, outside any: ""
	// when a copy stopped part way leaves nothing the next one pays for.
	CleanBeforeCopy string
	// AfterCopy runs after a copy wrote rows with their ids (training
	// runs): "" when the engine's next id follows the rows by itself.
	AfterCopy string
	// CompactAfterCopy runs at the end of every copy, in its transaction:
	// "" when the derived tables the copy built incident by incident
	// take no more room than they need.
	CompactAfterCopy string
	// AnalyzeAfterCopy runs at the end of every copy, in its transaction,
	// after CompactAfterCopy: "" when the engine needs no statistics
	// gathered by hand to plan a fresh copy's reads.
	AnalyzeAfterCopy string
}
