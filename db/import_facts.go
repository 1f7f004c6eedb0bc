package db

import (
	"cmp"
	"context"
	"slices"

	"github.com/signoff/signoff/model"
)

// A new incident's trust-metric facts are tallied as an import writes its
// records, with the tally verify keeps (derived, verify_derived.go: the
// definition is suggestion_facts_derived), and inserted from it, instead
// of being derived by reading back every suggestion, decision and verdict
// with its payload: that was the largest part of the end of a large
// import.

// tallyEvent notes an event of the incident, written at seq.
func (t *tally) tallyEvent(seq, inc int64, e *model.Event, r *eventRow) {
	x := eventExtra{confidence: e.Confidence, outcome: e.Outcome}
	if e.Action != nil {
		x.action, x.hasAction = *e.Action, true
	}
	t.derived.event(seq, inc, r, &x)
}

// insertFacts inserts the facts of incident inc's suggestions, in seq
// order as the definition lists them, batchRows to a statement, and
// returns how many are pending.
func (d *DB) insertFacts(ctx context.Context, q querier, inc int64, t *derived) (pending int, err error) {
	sugs := make([]*sugTally, 0, len(t.tallies))
	for i := range t.tallies {
		if s := &t.tallies[i]; s.seq != 0 && s.inc == inc {
			sugs = append(sugs, s)
			if !s.is(answered) {
				pending++
			}
		}
	}
	slices.SortFunc(sugs, func(a, b *sugTally) int { return cmp.Compare(a.seq, b.seq) })
	args := make([]any, 0, factColumns*batchRows)
	for len(sugs) > 0 {
		n := min(len(sugs), batchRows)
		args = args[:0]
		for _, s := range sugs[:n] {
			f := t.factOf(inc, s)
			args = append(args, f.seq, f.inc, f.at, f.month, f.agent, f.action, f.confidence, f.bin,
				f.state, f.proposed, f.reviewed, f.aiCor)
		}
		if _, err := q.ExecContext(ctx, insertFactRows(n), args...); err != nil {
			return 0, err
		}
		sugs = sugs[n:]
	}
	return pending, nil
}

const factColumns = 12

var factInserts = map[insertKey]string{}

func insertFactRows(n int) string {
	return multiInsert(factInserts, n, "INSERT INTO suggestion_facts (seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct) VALUES ", factColumns)
}
