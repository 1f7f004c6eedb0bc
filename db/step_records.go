package db

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
)

// A step read asks for its parts in one statement each: UNION ALL of
// one SELECT per part, every row tagged with its part and the keys it is
// ordered by (tagColumns, after the entry's), put in order here. The
// planner starts each part from its few rows: the CROSS JOIN of SQLite's
// executions of a suggestion starts from the suggestion's decisions (left
// free, it walked every execution of the incident through
// events_decision), and no part has an ORDER BY for the planner to serve
// from events_time, which gives the order for free but walks the whole
// timeline (~0.3 s at 1M events).

// The parts of a step's records, by tag.
const (
	partIncident  = "i" // the incident's own entry: the lifecycle starts from it
	partStatus    = "c" // its status changes, in record order
	partSubject   = "s" // the subject: a suggestion, or a decision made without one
	partDecisions = "d" // the decisions on a suggestion
	partAnswers   = "x" // the executions of a suggestion, directly or through a decision
	partExecuted  = "y" // the executions of a decision made without a suggestion
	partVerdicts  = "r" // the verdicts on the subject
)

// stepRecordsQuery reads the parts above for subject ?2 of incident ?1.
func stepRecordsQuery(q *engine.Dialect) string {
	entry := func(tag, order string) string { return "SELECT " + entryColumns + ", '" + tag + "', " + order }
	events := func(tag, where string) string {
		return entry(tag, "e.at, e.id FROM events e JOIN chain c ON c.seq = e.seq WHERE "+where)
	}
	return strings.Join([]string{
		entry(partIncident, "0, '' FROM chain c WHERE c.seq = ?1"),
		entry(partStatus, "s.seq, '' FROM status_changes s JOIN chain c ON c.seq = s.seq WHERE s.inc = ?1"),
		events(partSubject, "e.inc = ?1 AND e.id = ?2 AND e.kind <> 'evidence'"),
		events(partDecisions, "e.inc = ?1 AND e.suggestion = ?2 AND e.kind = 'decision'"),
		events(partAnswers, "e.kind = 'execution' AND e.seq IN ("+q.ExecutionsOfSuggestion+")"),
		events(partExecuted, "e.inc = ?1 AND e.decision = ?2 AND e.kind = 'execution'"),
		entry(partVerdicts, "r.at, '' FROM reviews r JOIN chain c ON c.seq = r.seq WHERE r.inc = ?1 AND r.subject = ?2"),
	}, "\nUNION ALL ")
}

// tagColumns are what each part selects after the entry's columns.
type tagColumns struct {
	tag string
	at  int64  // the record's time (a status change: its seq; a count: the count)
	key string // the id that breaks ties of time, "" where seq does
}

// taggedEntry is one row of a step read's statement.
type taggedEntry struct {
	tagColumns
	e readEntry
}

// partCount tags the one row of a statement that carries a count in at
// and no entry.
const partCount = "n"

// tagged runs a step read's statement, checks each entry it read, and
// returns its rows in order: by part, then time, key and seq.
func tagged(ctx context.Context, r *reader, query string, args ...any) ([]taggedEntry, error) {
	rows, err := r.keptQuery(ctx, query, args...)
	if err != nil {
		return nil, err
	}

	defer rows.Close()
	var out []taggedEntry
	for rows.Next() {
		var t taggedEntry
		if t.e, err = scanEntry(rows, &t.tag, &t.at, &t.key); err != nil {
			return nil, err
		}
		if t.tag != partCount {
			r.check(&t.e)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b taggedEntry) int {
		return cmp.Or(cmp.Compare(a.tag, b.tag), cmp.Compare(a.at, b.at), cmp.Compare(a.key, b.key), cmp.Compare(a.e.Seq, b.e.Seq))
	})
	return out, nil
}

// part returns the rows of one part, decoded, in order.
func part[T any](rows []taggedEntry, tag string) ([]T, error) {
	out := []T{}
	for i := range rows {
		if rows[i].tag != tag {
			continue
		}
		var v T
		if err := unmarshalPayload(rows[i].e.Payload, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// stepRecords reads a step's events, its verdicts and the incident's
// lifecycle in one statement.
func (d *DB) stepRecords(ctx context.Context, r *reader, inc int64, step *model.Step) error {
	rows, err := tagged(ctx, r, d.sq.stepRecords, inc, step.Subject)
	if err != nil {
		return err
	}
	incident, err := part[model.Incident](rows, partIncident)
	if err != nil {
		return err
	}
	changes, err := part[model.StatusChange](rows, partStatus)
	if err != nil {
		return err
	}
	if len(incident) == 1 {
		step.Lifecycle = model.LifecycleOf(incident[0], changes)
	}
	subject, err := part[model.Event](rows, partSubject)
	if err != nil || len(subject) == 0 {
		return err
	}
	if subject[0].Kind == model.KindSuggestion {
		step.Suggestion = &subject[0]
		if step.Decisions, err = part[model.Event](rows, partDecisions); err != nil {
			return err
		}
		step.Executions, err = part[model.Event](rows, partAnswers)
	} else {
		step.Decisions = subject
		step.Executions, err = part[model.Event](rows, partExecuted)
	}
	if err != nil {
		return err
	}
	step.Reviews, err = part[model.Review](rows, partVerdicts)
	return err
}
