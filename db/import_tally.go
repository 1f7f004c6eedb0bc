package db

import (
	"context"
)

// tally follows a new incident as an import writes it: its counts and
// its suggestions' facts (derived, the tally verify keeps), so that the
// tables derived from them are filled from memory rather than by reading
// every row back, and the verdicts written, so a repeated one is refused
// without asking the database. An incident a stream appends to is
// refreshed from its rows (refreshFacts).
type tally struct {
	derived  *derived
	verdicts map[verdictKey]bool
}

type verdictKey struct {
	subject, reviewer string
	at                int64
}

func newTally() *tally {
	return &tally{derived: newDerived(), verdicts: map[verdictKey]bool{}}
}

// newIncidentCountsSQL sets a new incident's counts.
const newIncidentCountsSQL = `UPDATE incident_counts SET
		events = ?2, suggestions = ?3, decisions = ?4, executions = ?5, pending = ?6, subjects = ?7, reviewed = ?8
	WHERE inc = ?1`

// refreshNewIncident is refreshFacts for an incident an import wrote
// whole, from what it tallied as it wrote.
func (d *DB) refreshNewIncident(ctx context.Context, q querier, inc int64, t *tally) error {
	pending, err := d.insertFacts(ctx, q, inc, t.derived)
	if err != nil {
		return err
	}
	c := t.derived.tallyOf(inc)
	if _, err := q.ExecContext(ctx, newIncidentCountsSQL, inc, c.events, c.suggestions, c.decisions,
		c.executions, pending, c.subjects, len(c.reviewed)); err != nil {
		return err
	}
	t.derived = nil // the search index, next, needs the memory more
	return d.indexTimeline(ctx, q, inc, inc)
}
