package db

import (
	"context"

	"github.com/signoff/signoff/model"
)

// tally counts a new incident's rows as an import writes them: what
// incident_counts_derived would count by reading every row back (about a
// second at a million events). Only a new incident is tallied; one a
// stream appends to is refreshed from its rows (refreshReadIndexes).
type tally struct {
	events, suggestions, decisions, executions, subjects int
	reviewed                                             map[string]bool // the subjects of verdicts
	// verdicts holds the verdicts written, so a repeated one is refused
	// without asking the database.
	verdicts map[verdictKey]bool
}

type verdictKey struct {
	subject, reviewer string
	at                int64
}

func newTally() *tally {
	return &tally{reviewed: map[string]bool{}, verdicts: map[verdictKey]bool{}}
}

// row counts one timeline row.
func (t *tally) row(r *eventRow) {
	switch model.EventKind(r.Kind) {
	case model.KindEvidence:
		return
	case model.KindSuggestion:
		t.suggestions++
	case model.KindDecision:
		t.decisions++
	case model.KindExecution:
		t.executions++
	}
	t.events++
	if r.Starts {
		t.subjects++
	}
}

// newIncidentCountsSQL sets a new incident's counts from its tally; its
// pending suggestions are the ones its facts put in pending_items, whose
// definition is the same (no event answers them).
const newIncidentCountsSQL = `UPDATE incident_counts SET
		events = ?2, suggestions = ?3, decisions = ?4, executions = ?5, subjects = ?6, reviewed = ?7,
		pending = (SELECT count(*) FROM pending_items WHERE inc = ?1)
	WHERE inc = ?1`

// refreshNewIncident is refreshFacts for an incident an import wrote
// whole, with the counts it tallied as it wrote.
func (d *DB) refreshNewIncident(ctx context.Context, q querier, inc int64, t *tally) error {
	if _, err := q.ExecContext(ctx, d.q.NewIncidentFacts, inc); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, newIncidentCountsSQL, inc, t.events, t.suggestions, t.decisions,
		t.executions, t.subjects, len(t.reviewed)); err != nil {
		return err
	}
	return d.indexTimeline(ctx, q, inc, inc)
}
