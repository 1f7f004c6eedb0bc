package db

import "context"

// refreshFacts brings suggestion_facts up to date for every suggestion that
// a record written at or after chain seq from can change: new suggestions,
// suggestions answered by new decisions or executions, and subjects of new
// reviews. Every write path calls it once, in its transaction, after
// writing. The fact itself is defined once, by the view
// suggestion_facts_derived (migration 0003).
func refreshFacts(ctx context.Context, q querier, inc, from int64) error {
	var older bool
	if err := q.QueryRowContext(ctx, olderRowsSQL, inc, from).Scan(&older); err != nil {
		return err
	}
	// When the whole incident is new (an import), every suggestion of it
	// gets its first fact, and the lookup of which ones changed is not
	// needed: about a tenth of the refresh.
	var err error
	if older {
		_, err = q.ExecContext(ctx, refreshFactsSQL, inc, from)
	} else {
		_, err = q.ExecContext(ctx, newIncidentFactsSQL, inc)
	}
	if err != nil {
		return err
	}
	// The workstation's counts and search index follow the same writes (read_indexes.go).
	return refreshReadIndexes(ctx, q, inc, from)
}

// olderRowsSQL says whether the incident holds a timeline row or a verdict
// written before from, which facts written earlier may stand on.
const olderRowsSQL = `SELECT EXISTS (SELECT 1 FROM events WHERE inc = ?1 AND seq < ?2)
	OR EXISTS (SELECT 1 FROM reviews WHERE inc = ?1 AND seq < ?2)`

// The rows written are read by seq ("+inc": not through an index that
// leads with inc, which walked the whole incident), and the suggestions
// they name are found by (inc, id) ("+s.kind": not by walking every
// suggestion of the incident through events_kind).
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

// newIncidentFactsSQL is refreshFactsSQL for an incident with no rows
// before from: all its suggestions are new and none has a fact yet.
const newIncidentFactsSQL = `INSERT INTO suggestion_facts
		(seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct)
	SELECT seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct
	FROM suggestion_facts_derived
	WHERE inc = ?1`
