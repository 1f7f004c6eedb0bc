package db

import "context"

// refreshFacts brings suggestion_facts up to date for every suggestion that
// a record written at or after chain seq from can change: new suggestions,
// suggestions answered by new decisions or executions, and subjects of new
// reviews. Every write path calls it once, in its transaction, after
// writing; on PostgreSQL the server writes the facts itself at the
// transaction's commit, whoever writes (its migration 11), and only the
// read indexes remain. The fact itself is defined once, by the view
// suggestion_facts_derived (migration 0003; its month since 0012).
func (d *DB) refreshFacts(ctx context.Context, q querier, inc, from int64) error {
	// An incident's rows all follow its own chain entry, so when that entry
	// is among those written the whole incident is new (an import): every
	// suggestion gets its first fact, and the lookup of which ones changed
	// is not needed (about a tenth of the refresh).
	whole := from <= inc
	var err error
	switch {
	case whole && d.q.NewIncidentFacts != "":
		_, err = q.ExecContext(ctx, d.q.NewIncidentFacts, inc)
	case !whole && d.q.RefreshFacts != "":
		_, err = q.ExecContext(ctx, d.q.RefreshFacts, inc, from)
	}
	if err != nil {
		return err
	}
	// The workstation's counts and search index follow the same writes (read_indexes.go).
	return d.refreshReadIndexes(ctx, q, inc, from, whole)
}

// The rows written are read by seq ("+inc": not through an index that
// leads with inc, which walked the whole incident), and the suggestions
// they name are found by (inc, id) ("+s.kind": not by walking every
// suggestion of the incident through events_suggestions).
const refreshFactsSQL = `INSERT INTO suggestion_facts
		(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
	SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
	FROM suggestion_facts_derived
	WHERE seq IN (SELECT s.seq FROM events s WHERE s.inc = ?1 AND +s.kind = 'suggestion' AND s.id IN (
		SELECT id FROM events WHERE seq >= ?2 AND +inc = ?1 AND kind = 'suggestion'
		UNION SELECT suggestion FROM events WHERE seq >= ?2 AND +inc = ?1 AND suggestion IS NOT NULL
		UNION SELECT subject FROM reviews WHERE seq >= ?2 AND +inc = ?1))
	ON CONFLICT (seq) DO UPDATE SET
		state = excluded.state, proposed = excluded.proposed,
		reviewed = excluded.reviewed, ai_correct = excluded.ai_correct`

// newIncidentFactsSQL is refreshFactsSQL for an incident written whole:
// all its suggestions are new and none has a fact yet.
const newIncidentFactsSQL = `INSERT INTO suggestion_facts
		(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
	SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
	FROM suggestion_facts_derived
	WHERE inc = ?1`
