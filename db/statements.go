package db

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/db/engine"
)

// statements are the store's statements composed from its engine's
// dialect, once, when the store opens.
type statements struct {
	pendingAll, pendingOne string // the queue's rows (queue.go)
	pendingCount           string
	pendingKeys            string // the queue's sort keys (queue_head.go)
	privilegedAssets       string
	liveIncidents          string
	targetAssets           string
	preservedTargets       string
	firstApprovals         string
	gateNotes              string // the gate's notes on pending items (queue_gate.go)
	pendingGated           string // pending items the gate wrote a note on (queue_gate.go)
	openIncidents          string // incidents whose status in force is live
	openIncidentByID       string
	openIncidentsIn        string // the head's picked incidents (queue_head.go)
	changeRowsBySeq        string // the status changes' rows whose seqs are the JSON array ?1, with their entries
	// sectionTallies count each section's rows of incident ?1 through
	// the indexes named; plainTallies the same, letting the planner choose.
	sectionTallies, plainTallies [len(exportSections)]string
	metricCells                  string // the metrics' sums over suggestion_facts
	maintainedCells              string // … over suggestion_cells
	stepRecords                  string // a review step's own records (step_records.go)
	suggestionOutputs            string // the listed suggestions' entries (suggestion_outputs.go)
}

// expand fills the dialect's column lists in: {entry} (entryColumns),
// {rows} (rowColumns) and {subject} (subjectOf).
func expand(q engine.Dialect) *engine.Dialect {
	r := strings.NewReplacer("{entry}", entryColumns, "{rows}", rowColumns, "{subject}", subjectOf)
	for _, f := range []*string{&q.SearchMatch, &q.FilterCond, &q.IndexedAfter, &q.IndexedBefore, &q.IndexedBeforeEnd,
		&q.IndexedCount, &q.ExecutionsOfSuggestion, &q.InsertEvents, &q.RefreshFacts, &q.NewIncidentFacts,
		&q.RefreshCounts, &q.IndexTimeline} {
		*f = r.Replace(*f)
	}
	return &q
}

func compose(q *engine.Dialect) statements {
	incs := q.IntList("?1")
	columns := fmt.Sprintf(inForceColumns, q.JSONText("scc.payload", "status"))
	status := fmt.Sprintf(inForceStatus, q.JSONText("scc.payload", "status"), q.JSONText("c.payload", "status"))
	return statements{
		pendingAll:        fmt.Sprintf(pendingSelect, incs, ""),
		pendingOne:        fmt.Sprintf(pendingSelect, incs, " AND p.id = ?2"),
		pendingCount:      fmt.Sprintf(pendingCount, incs),
		pendingKeys:       fmt.Sprintf(pendingKeys, incs),
		privilegedAssets:  fmt.Sprintf(privilegedAssets, incs, q.JSONText("c.payload", "privileged")),
		liveIncidents:     fmt.Sprintf(liveIncidents, status),
		targetAssets:      fmt.Sprintf(targetAssets, incs),
		preservedTargets:  fmt.Sprintf(preservedTargets, incs),
		firstApprovals:    fmt.Sprintf(firstApprovals, incs),
		gateNotes:         fmt.Sprintf(gateNotes, incs),
		pendingGated:      fmt.Sprintf(pendingGated, incs),
		openIncidents:     fmt.Sprintf(openIncidents, columns, status),
		openIncidentByID:  fmt.Sprintf(openIncidentByID, columns, status),
		openIncidentsIn:   fmt.Sprintf(openIncidentsIn, columns, status, incs),
		changeRowsBySeq:   "SELECT " + entryColumns + ", s.id, s.at FROM status_changes s JOIN chain c ON c.seq = s.seq WHERE s.seq IN (" + incs + ")",
		sectionTallies:    sectionTallies(q.IndexedBy),
		plainTallies:      sectionTallies(func(string) string { return "" }),
		metricCells:       metricCells(q),
		maintainedCells:   maintainedCells(q),
		stepRecords:       stepRecordsQuery(q),
		suggestionOutputs: fmt.Sprintf(suggestionOutputs, q.TextPairs("?1")),
	}
}
