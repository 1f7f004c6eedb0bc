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
// ordered by (tagColumns), put in order here. The parts select keys
// alone (the record's seq and its tag columns), and the statement joins
// the chain once for all of them (keyed): joined in each part, a server
// set up a join and two lookups of the neighbours' hashes per part at
// every read, which was a third of the step's time on PostgreSQL. The
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
	partSubjectOf = "q" // what the event belongs to: not an entry (subjectRow)
)

// keyed is the statement that reads the entries of parts, each a SELECT
// of a record's seq and its tag columns: the parts first, then the chain
// by seq (the CROSS JOIN keeps SQLite from starting at the chain).
func keyed(parts []string) string {
	return "SELECT " + entryColumns + ", t.part_tag, t.part_at, t.part_key FROM (" +
		strings.Join(parts, "\nUNION ALL ") + ") AS t CROSS JOIN chain c WHERE c.seq = t.part_seq"
}

// keys is the select list of a keyed part: the record's seq, its tag,
// and its tag columns, named as keyed reads them.
func keys(seq, tag, at, key string) string {
	return "SELECT " + seq + " AS part_seq, '" + tag + "' AS part_tag, " + at + " AS part_at, " + key + " AS part_key"
}

// stepRecordsQuery reads the parts above for event ?2 of incident ?1:
// its subject found in the statement itself (stepSubjectWith), so that
// the read needs no round trip of its own to find it.
func stepRecordsQuery(q *engine.Dialect) string {
	events := func(tag, where string) string {
		return keys("e.seq", tag, "e.at", "e.id") + " FROM events e WHERE " + where
	}
	ofSubject := strings.NewReplacer("?1", subjectInc, "?2", subjectID)
	return stepSubjectWith + keyed([]string{
		keys("i.seq", partIncident, "0", "i.id") + " FROM incidents i WHERE i.id = ?1",
		keys("s.seq", partStatus, "s.seq", "''") + " FROM status_changes s WHERE s.inc = " + subjectInc,
		events(partSubject, ofSubject.Replace("e.inc = ?1 AND e.id = ?2 AND e.kind <> 'evidence'")),
		events(partDecisions, ofSubject.Replace("e.inc = ?1 AND e.suggestion = ?2 AND e.kind = 'decision'")),
		events(partAnswers, "e.kind = 'execution' AND e.seq IN ("+ofSubject.Replace(q.ExecutionsOfSuggestion)+")"),
		events(partExecuted, ofSubject.Replace("e.inc = ?1 AND e.decision = ?2 AND e.kind = 'execution'")),
		keys("r.seq", partVerdicts, "r.at", "r.subject") + " FROM reviews r WHERE " + ofSubject.Replace("r.inc = ?1 AND r.subject = ?2"),
	}) + "\nUNION ALL " + subjectRow
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
		if t.tag != partCount && t.tag != partSubjectOf {
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

// part returns the rows of one part, decoded, in order. Each entry is
// held to its row as a walk holds it (reader.ofRow): of the part's
// kind, the entry of the row's key where the part has one, and of the
// incident read (whose check noted it otherwise); one that is not is left
// out, noted.
func part[T any](r *reader, rows []taggedEntry, tag string) ([]T, error) {
	out := []T{}
	for i := range rows {
		if rows[i].tag != tag {
			continue
		}
		var v T
		e := &rows[i].e
		if !r.ofRow(e, &v, rows[i].key) {
			continue
		}
		if err := decodeEntry(e, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// stepRecords finds the subject of event id of incident, and reads the
// step's events, its verdicts and the incident's lifecycle, in one
// statement. It returns the incident's key.
func (d *DB) stepRecords(ctx context.Context, r *reader, incident, id string, step *model.Step) (int64, error) {
	rows, err := tagged(ctx, r, d.sq.stepRecords, incident, id)
	if err != nil {
		return 0, d.fail(err)
	}
	i := slices.IndexFunc(rows, func(t taggedEntry) bool { return t.tag == partSubjectOf })
	if i < 0 {
		return 0, d.noIncident(ctx, r, incident)
	}
	found := rows[i]
	if step.Subject, err = reviewSubject(incident, id, found); err != nil {
		return 0, err
	}
	return found.at, d.fail(fillRecords(r, rows, step))
}

// answering is the events of part tag that answer the step (answers says
// what an event answers, and whether that is the step), noting the others
// (misfiled): a row whose suggestion or decision was changed outside
// signoff files its entry under a step it does not answer.
func answering(r *reader, rows []taggedEntry, tag string, events []model.Event, answers func(*model.Event) (string, bool)) []model.Event {
	return slices.DeleteFunc(events, func(ev model.Event) bool {
		what, ok := answers(&ev)
		if ok {
			return false
		}
		var seq int64
		if i := slices.IndexFunc(rows, func(t taggedEntry) bool { return t.tag == tag && t.key == ev.ID }); i >= 0 {
			seq = rows[i].e.Seq
		}
		r.note(misfiled(seq, ev.ID, what))
		return true
	})
}

// fillRecords fills step's records from the rows of its statement.
func fillRecords(r *reader, rows []taggedEntry, step *model.Step) error {
	incident, err := part[model.Incident](r, rows, partIncident)
	if err != nil {
		return err
	}
	changes, err := part[model.StatusChange](r, rows, partStatus)
	if err != nil {
		return err
	}
	if len(incident) == 1 {
		step.Lifecycle = model.LifecycleOf(incident[0], changes)
	}
	subject, err := part[model.Event](r, rows, partSubject)
	if err != nil || len(subject) == 0 {
		return err
	}
	id := subject[0].ID
	if subject[0].Kind == model.KindSuggestion {
		step.Suggestion = &subject[0]
		if step.Decisions, err = part[model.Event](r, rows, partDecisions); err != nil {
			return err
		}
		step.Decisions = answering(r, rows, partDecisions, step.Decisions, func(d *model.Event) (string, bool) {
			return d.Suggestion, d.Suggestion == id
		})
		step.Executions, err = part[model.Event](r, rows, partAnswers)
		step.Executions = slices.DeleteFunc(step.Executions, func(x model.Event) bool {
			// Found through a decision left out above, whose fault is noted.
			return x.Suggestion == "" && !slices.ContainsFunc(step.Decisions, func(d model.Event) bool { return d.ID == x.Decision })
		})
		step.Executions = answering(r, rows, partAnswers, step.Executions, func(x *model.Event) (string, bool) {
			return x.Suggestion, x.Suggestion == "" || x.Suggestion == id
		})
	} else {
		step.Decisions = subject
		step.Executions, err = part[model.Event](r, rows, partExecuted)
		step.Executions = answering(r, rows, partExecuted, step.Executions, func(x *model.Event) (string, bool) {
			return x.Decision, x.Decision == id
		})
	}
	if err != nil {
		return err
	}
	step.Reviews, err = part[model.Review](r, rows, partVerdicts)
	return err
}
