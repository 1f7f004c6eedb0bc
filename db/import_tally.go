package db

import (
	"context"
	"hash/maphash"

	"github.com/signoff/signoff/model"
)

// tally counts a new incident's rows as an import writes them: what
// incident_counts_derived would count by reading every row back (about a
// second at a million events). Only a new incident is tallied; one a
// stream appends to is refreshed from its rows (refreshReadIndexes).
type tally struct {
	events, suggestions, decisions, executions, subjects int
	// verdicts holds a hash of each verdict written (subject, reviewer,
	// time), seeded afresh by each import: one not in it is new without
	// asking the database; one in it is checked there (a hash may collide).
	verdicts map[uint64]struct{}
	seed     maphash.Seed
}

type verdictKey struct {
	subject, reviewer string
	at                int64
}

func newTally() *tally {
	return &tally{verdicts: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
}

// firstVerdict notes verdict r, and says whether it is surely the first
// of its subject, reviewer and time.
func (t *tally) firstVerdict(r *model.Review) bool {
	h := maphash.Comparable(t.seed, verdictKey{r.Subject, r.Reviewer, r.At.UnixNano()})
	if _, seen := t.verdicts[h]; seen {
		return false
	}
	t.verdicts[h] = struct{}{}
	return true
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
// definition is the same (no event answers them), and its reviewed
// subjects are counted on reviews_subject.
const newIncidentCountsSQL = `UPDATE incident_counts SET
		events = ?2, suggestions = ?3, decisions = ?4, executions = ?5, subjects = ?6,
		pending = (SELECT count(*) FROM pending_items WHERE inc = ?1),
		reviewed = (SELECT count(DISTINCT subject) FROM reviews WHERE inc = ?1)
	WHERE inc = ?1`

// refreshNewIncident is refreshFacts for an incident an import wrote
// whole, with the counts it tallied as it wrote.
func (d *DB) refreshNewIncident(ctx context.Context, q querier, inc int64, t *tally) error {
	if d.q.NewIncidentFacts != "" {
		if _, err := q.ExecContext(ctx, d.q.NewIncidentFacts, inc); err != nil {
			return err
		}
	}
	// An engine that keeps the counts itself has counted the rows as
	// they were inserted.
	if d.q.RefreshCounts != "" {
		if _, err := q.ExecContext(ctx, newIncidentCountsSQL, inc, t.events, t.suggestions, t.decisions,
			t.executions, t.subjects); err != nil {
			return err
		}
	}
	return d.indexTimeline(ctx, q, inc, inc)
}
