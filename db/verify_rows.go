package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/signoff/signoff/db/sqliteread"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// verifier checks the rows of the record: one cursor per table, in seq
// order, beside the chain, so each row is met exactly when its entry is.
// It also tallies what the derived tables must hold (verify_derived.go).
type verifier struct {
	cursors   map[string]*cursor
	incidents map[int64]string // incident seq -> id, from the entries seen
	faults    faults
	derived   *derived
}

type cursor struct {
	table string
	rows  *sql.Rows
	raw   *sqliteread.Stmt // instead of rows, on a raw connection (verify_raw.go)
	last  [3]string        // the last event's kind, actor and action, read on raw
	row   tableRow
	ok    bool
	err   error
}

// tableRow is one row as stored, in the shape verify compares.
type tableRow struct {
	seq, inc int64
	id       string
	ev       eventRow
	review   model.Review
	openedAt int64
}

const (
	verifyIncidents = "SELECT seq, 0, id, opened_at FROM incidents ORDER BY seq"
	verifyPeople    = "SELECT seq, inc, id FROM people ORDER BY seq"
	verifyAgents    = "SELECT seq, inc, id FROM agents ORDER BY seq"
	verifyAssets    = "SELECT seq, inc, id FROM assets ORDER BY seq"
	verifyEvents    = `SELECT seq, inc, id, at, kind, actor, summary, coalesce(action, ''), coalesce(target, ''),
		coalesce(suggestion, ''), coalesce(decision, ''), starts FROM events ORDER BY seq`
	verifyReviews   = "SELECT seq, inc, subject, reviewer, at, verdict FROM reviews ORDER BY seq"
	verifyApprovals = "SELECT seq, inc, suggestion, person, at, '' FROM queue_approvals ORDER BY seq"
	// Status changes and hand-off notes share the shape of a review row:
	// id (the change's id, the note's author), person, time, and a status.
	verifyStatus   = "SELECT seq, inc, id, person, at, status FROM status_changes ORDER BY seq"
	verifyHandoffs = "SELECT seq, inc, person, person, at, '' FROM handoff_notes ORDER BY seq"
	// A queue decision marks a decision event: it has no entry of its own.
	verifyQueued = "SELECT seq, inc, suggestion FROM queue_decisions ORDER BY seq"
)

func (c *cursor) next() {
	if c.raw != nil {
		c.nextRaw()
		return
	}
	if c.ok = c.rows.Next(); !c.ok {
		c.err = c.rows.Err()
		return
	}
	r := &c.row
	*r = tableRow{}
	switch c.table {
	case "incidents":
		c.err = c.rows.Scan(&r.seq, &r.inc, &r.id, &r.openedAt)
	case "events":
		c.err = c.rows.Scan(&r.seq, &r.inc, &r.id, &r.ev.At, &r.ev.Kind, &r.ev.Actor, &r.ev.Summary, &r.ev.Action,
			&r.ev.Target, &r.ev.Suggestion, &r.ev.Decision, &r.ev.Starts)
		r.ev.ID = r.id
	case "reviews", "queue_approvals", "status_changes", "handoff_notes":
		var at int64
		var verdict string
		c.err = c.rows.Scan(&r.seq, &r.inc, &r.id, &r.review.Reviewer, &at, &verdict)
		r.review.Subject, r.review.At, r.review.Verdict = r.id, fromNanos(at), model.Verdict(verdict)
	default:
		c.err = c.rows.Scan(&r.seq, &r.inc, &r.id)
	}
	if c.err != nil {
		c.ok = false
	}
}

// recordTables are the tables whose rows are written with a chain entry,
// each with the query verify reads them by.
var recordTables = map[string]string{"incidents": verifyIncidents, "people": verifyPeople, "agents": verifyAgents,
	"assets": verifyAssets, "events": verifyEvents, "reviews": verifyReviews, "queue_approvals": verifyApprovals,
	"queue_decisions": verifyQueued, "status_changes": verifyStatus, "handoff_notes": verifyHandoffs}

// openCursors starts one cursor per table, each on its first row after
// entry from: on the raw connection raw when it is not nil, else on tx.
func (d *DB) openCursors(ctx context.Context, tx *sql.Tx, raw *sqliteread.Conn, from int64) (*verifier, error) {
	v := &verifier{cursors: map[string]*cursor{}, incidents: map[int64]string{}, derived: newDerived()}
	for table, query := range recordTables {
		query = strings.Replace(query, " ORDER BY seq", " WHERE seq > ? ORDER BY seq", 1)
		c := &cursor{table: table}
		if raw != nil {
			st, err := raw.Prepare(query, from)
			if err != nil {
				v.close()
				return nil, rawFailed{err.Error()}
			}
			c.raw = st
		} else {
			rows, err := tx.QueryContext(ctx, query, from)
			if err != nil {
				v.close()
				return nil, d.fail(err)
			}
			c.rows = rows
		}
		v.cursors[table] = c
		c.next()
		if c.err != nil {
			v.close()
			return nil, d.failRead(c.err)
		}
	}
	return v, nil
}

// knowIncidents learns the incidents recorded up to entry from, which a
// walk starting after it meets the rows of but not the entries.
func (v *verifier) knowIncidents(ctx context.Context, tx *sql.Tx, from int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT seq, id FROM incidents WHERE seq <= ?", from)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var id string
		if err := rows.Scan(&seq, &id); err != nil {
			return err
		}
		v.incidents[seq] = id
	}
	return rows.Err()
}

func (v *verifier) close() {
	for _, c := range v.cursors {
		if c.raw != nil {
			c.raw.Close()
		} else {
			c.rows.Close()
		}
	}
}

func (v *verifier) fault(seq int64, table, subject, reason string) {
	v.faults.add(chain.Fault{Seq: seq, Table: table, Subject: subject, Reason: reason})
}

// rowOf checks the row written with entry e against the entry's payload.
// Rows with no entry before it are reported first; a missing row is
// reported and the cursor stays where it is, for the next entry. An entry
// the chain walk found unsound has its row stepped over, not compared: its
// payload is not the record, so the comparison would only repeat the fault.
func (v *verifier) rowOf(c *checked) {
	e := &c.ChainEntry
	table := tables[e.Kind]
	cur := v.cursors[table]
	if cur == nil {
		return
	}
	for cur.ok && cur.row.seq < e.Seq {
		v.fault(cur.row.seq, table, cur.row.id, "the row has no chain entry of its kind, so it was inserted outside signoff")
		cur.next()
	}
	if !cur.ok || cur.row.seq != e.Seq {
		v.fault(e.Seq, table, e.Subject, "its row is missing from "+table+", so the row was deleted")
		if e.Kind == recQueued {
			v.queued(e, nil)
		}
		return
	}
	row := cur.row
	cur.next()
	if e.Kind == recIncident {
		v.incidents[e.Seq] = e.Subject
		v.derived.incident(e.Seq)
	}
	defer func() {
		if e.Kind == recEvent || e.Kind == recQueued {
			v.queued(e, &row)
		}
	}()
	switch {
	case c.bad:
		// What the derived tables must hold is still tallied from it.
		v.matches(e, &row)
		return
	case row.id != e.Subject:
		v.fault(e.Seq, table, e.Subject, fmt.Sprintf("the row's id is %s, so the row was altered", model.Quote(row.id)))
		return
	case e.Kind == recIncident:
		var i model.Incident
		if json.Unmarshal([]byte(e.Payload), &i) != nil || i.ID != e.Subject || i.OpenedAt.UnixNano() != row.openedAt {
			v.fault(e.Seq, table, e.Subject, "the row differs from the recorded incident, so it was altered")
		}
		return
	case v.incidents[row.inc] != e.Incident:
		v.fault(e.Seq, table, e.Subject, fmt.Sprintf("the row belongs to another incident than the entry's %s, so it was altered", e.Incident))
		return
	}
	if reason := v.matches(e, &row); reason != "" {
		v.fault(e.Seq, table, e.Subject, reason)
	}
}

// queued checks the queue_decisions mark of an event: a queue decision's
// entry must have one (its row is what keeps one decision per suggestion),
// and a mark must mark a decision on that same suggestion. row is nil when
// the event's row is missing.
func (v *verifier) queued(e *model.ChainEntry, row *tableRow) {
	q := v.cursors["queue_decisions"]
	for q.ok && q.row.seq < e.Seq {
		v.fault(q.row.seq, "queue_decisions", q.row.id, "the queue decision marks no decision event, so it was inserted outside signoff")
		q.next()
	}
	if !q.ok || q.row.seq != e.Seq {
		if e.Kind == recQueued {
			v.fault(e.Seq, "queue_decisions", e.Subject, "the decision was made in the queue but its row is missing from queue_decisions, so the row was deleted")
		}
		return
	}
	mark := q.row
	q.next()
	// Decisions made in the queue are named D-<suggestion> (SPEC.md).
	if row != nil && (row.ev.Kind != string(model.KindDecision) || row.ev.Suggestion != mark.id || mark.inc != row.inc || row.id != "D-"+mark.id) {
		v.fault(e.Seq, "queue_decisions", mark.id, "the queue decision does not match the decision event it marks, so it was altered")
	}
}

// matches compares a row with what the entry's payload says it must hold,
// and hands what the payload says to the derived tables' tally.
func (v *verifier) matches(e *model.ChainEntry, row *tableRow) string {
	altered := func(what string) string {
		return "the row's " + what + " differs from the recorded record, so the row was altered"
	}
	switch e.Kind {
	case recPerson, recAgent, recAsset:
		var rec struct {
			ID string `json:"id"`
		}
		if json.Unmarshal([]byte(e.Payload), &rec) != nil || rec.ID != row.id {
			return altered("id")
		}
	case recEvent, recQueued, recEvidence:
		var want eventRow
		var extra eventExtra
		var err error
		if e.Kind == recEvidence {
			if want, err = evidenceRowOf(e.Payload); err != nil {
				return "its payload is not an evidence record"
			}
		} else if want, extra, err = eventOf(e.Payload); err != nil {
			return "its payload is not an event"
		}
		v.derived.event(e.Seq, row.inc, &want, &extra)
		if field := eventRowDiff(want, row.ev); field != "" {
			return altered(field)
		}
	case recApproval:
		var a model.PendingApproval
		if json.Unmarshal([]byte(e.Payload), &a) != nil {
			return "its payload is not an approval"
		}
		got := row.review
		switch {
		case got.Subject != a.Suggestion:
			return altered("suggestion")
		case got.Reviewer != a.By:
			return altered("approver")
		case !got.At.Equal(a.At):
			return altered("time")
		}
	case recStatus:
		var c model.StatusChange
		if json.Unmarshal([]byte(e.Payload), &c) != nil {
			return "its payload is not a status change"
		}
		got := row.review
		switch {
		case got.Subject != c.ID:
			return altered("id")
		case got.Reviewer != c.By:
			return altered("person")
		case !got.At.Equal(c.At):
			return altered("time")
		case string(got.Verdict) != string(c.Status):
			return altered("status")
		}
	case recHandoff:
		var n model.HandoffNote
		if json.Unmarshal([]byte(e.Payload), &n) != nil {
			return "its payload is not a hand-off note"
		}
		got := row.review
		switch {
		case got.Reviewer != n.By:
			return altered("author")
		case !got.At.Equal(n.At):
			return altered("time")
		}
	case recReview:
		var r model.Review
		if decodeReview(e.Payload, &r) != nil {
			return "its payload is not a review"
		}
		v.derived.review(e.Seq, row.inc, &r)
		got := row.review
		switch {
		case got.Subject != r.Subject:
			return altered("subject")
		case got.Reviewer != r.Reviewer:
			return altered("reviewer")
		case !got.At.Equal(r.At):
			return altered("time")
		case got.Verdict != r.Verdict:
			return altered("verdict")
		}
	}
	return ""
}

func eventRowDiff(want, got eventRow) string {
	switch {
	case want.ID != got.ID:
		return "id"
	case want.At != got.At:
		return "time"
	case want.Kind != got.Kind:
		return "kind"
	case want.Actor != got.Actor:
		return "actor"
	case want.Summary != got.Summary:
		return "summary"
	case want.Action != got.Action:
		return "action"
	case want.Target != got.Target:
		return "target"
	case want.Suggestion != got.Suggestion:
		return "suggestion"
	case want.Decision != got.Decision:
		return "decision"
	case want.Starts != got.Starts:
		return "subject marker"
	}
	return ""
}

// leftover reports the rows no entry accounted for: inserted outside
// signoff.
func (v *verifier) leftover() {
	for _, c := range v.cursors {
		for ; c.ok; c.next() {
			if c.table == "queue_decisions" {
				v.fault(c.row.seq, c.table, c.row.id, "the queue decision marks no decision event, so it was inserted outside signoff")
				continue
			}
			v.fault(c.row.seq, c.table, c.row.id, "the row has no chain entry, so it was inserted outside signoff")
		}
	}
}
