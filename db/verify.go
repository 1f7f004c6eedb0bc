package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/signoff/signoff/model"
)

// VerifyResult is what Verify found. When the record is intact, Entries
// and Head describe the chain; otherwise Seq, Table and Subject name the
// first entry or row found wrong, and Reason says what is wrong with it.
type VerifyResult struct {
	Intact  bool
	Entries int64
	Head    string

	Seq     int64
	Table   string
	Subject string
	Reason  string
}

// String is the sentence `signoff verify` prints.
func (r VerifyResult) String() string {
	if r.Intact {
		return fmt.Sprintf("the audit chain is intact: %d entries, head %s", r.Entries, r.Head)
	}
	return fmt.Sprintf("the record was changed outside signoff: entry %d (%s %s): %s", r.Seq, r.Table, r.Subject, r.Reason)
}

// Verify recomputes the whole audit chain and checks every row of the
// record against the entry it came from: an edited, deleted, reordered or
// inserted entry or row is reported, first one first. It cannot see entries
// cut off the end or a chain recomputed from scratch; VerifyCheckpoint can.
func (d *DB) Verify(ctx context.Context) (VerifyResult, error) {
	return d.verify(ctx, nil)
}

// tables maps a chain entry kind to the table holding its row.
var tables = map[string]string{
	recIncident: "incidents", recPerson: "people", recAgent: "agents", recAsset: "assets",
	recEvidence: "events", recEvent: "events", recReview: "reviews", recApproval: "queue_approvals",
}

// verifier walks the chain in seq order beside one cursor per table, also
// in seq order, so each row is met exactly when its entry is.
type verifier struct {
	cursors   map[string]*cursor
	incidents map[int64]string // incident seq -> id, from the entries seen
}

type cursor struct {
	table string
	rows  *sql.Rows
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
	verifyChain     = "SELECT seq, at, actor, kind, incident, subject, payload, prev, hash FROM chain ORDER BY seq"
	verifyIncidents = "SELECT seq, 0, id, opened_at FROM incidents ORDER BY seq"
	verifyPeople    = "SELECT seq, inc, id FROM people ORDER BY seq"
	verifyAgents    = "SELECT seq, inc, id FROM agents ORDER BY seq"
	verifyAssets    = "SELECT seq, inc, id FROM assets ORDER BY seq"
	verifyEvents    = `SELECT seq, inc, id, at, kind, actor, summary, coalesce(action, ''), coalesce(target, ''),
		coalesce(suggestion, ''), coalesce(decision, ''), starts FROM events ORDER BY seq`
	verifyReviews   = "SELECT seq, inc, subject, reviewer, at, verdict FROM reviews ORDER BY seq"
	verifyApprovals = "SELECT seq, inc, suggestion, person, at, '' FROM queue_approvals ORDER BY seq"
	// A queue decision marks a decision event: it has no entry of its own.
	verifyQueued = "SELECT seq, inc, suggestion FROM queue_decisions ORDER BY seq"
)

func (c *cursor) next() {
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
	case "reviews", "queue_approvals":
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

func (d *DB) verify(ctx context.Context, cp *Checkpoint) (VerifyResult, error) {
	tx, err := d.readTx(ctx)
	if err != nil {
		return VerifyResult{}, err
	}
	defer tx.Rollback()
	v := &verifier{cursors: map[string]*cursor{}, incidents: map[int64]string{}}
	for table, query := range map[string]string{"incidents": verifyIncidents, "people": verifyPeople, "agents": verifyAgents,
		"assets": verifyAssets, "events": verifyEvents, "reviews": verifyReviews, "queue_approvals": verifyApprovals,
		"queue_decisions": verifyQueued} {
		rows, err := tx.QueryContext(ctx, query)
		if err != nil {
			return VerifyResult{}, d.fail(err)
		}
		defer rows.Close()
		c := &cursor{table: table, rows: rows}
		c.next()
		if c.err != nil {
			return VerifyResult{}, d.fail(c.err)
		}
		v.cursors[table] = c
	}
	chain, err := tx.QueryContext(ctx, verifyChain)
	if err != nil {
		return VerifyResult{}, d.fail(err)
	}
	defer chain.Close()
	res := VerifyResult{Head: model.GenesisHash}
	for chain.Next() {
		var e model.ChainEntry
		var at int64
		var prev, hash []byte
		if err := chain.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload, &prev, &hash); err != nil {
			return VerifyResult{}, d.fail(err)
		}
		e.At, e.Prev, e.Hash = fromNanos(at), hex.EncodeToString(prev), hex.EncodeToString(hash)
		if bad := v.entry(&e, res); bad != nil {
			return *bad, nil
		}
		if cp != nil && e.Seq == cp.Entries && e.Hash != cp.Head {
			return failed(e.Seq, tables[e.Kind], e.Subject, "its hash differs from the checkpoint's head, so the chain was recomputed since the checkpoint was taken"), nil
		}
		if bad := v.rowOf(&e); bad != nil {
			return *bad, nil
		}
		res.Entries, res.Head = e.Seq, e.Hash
	}
	if err := chain.Err(); err != nil {
		return VerifyResult{}, d.fail(err)
	}
	for _, c := range v.cursors {
		if c.err != nil {
			return VerifyResult{}, d.fail(c.err)
		}
	}
	if bad := v.leftover(); bad != nil {
		return *bad, nil
	}
	if cp != nil && res.Entries < cp.Entries {
		return failed(res.Entries+1, "chain", "", fmt.Sprintf("the chain ends after %d entries but the checkpoint recorded %d, so entries were cut off the end", res.Entries, cp.Entries)), nil
	}
	res.Intact = true
	return res, nil
}

func failed(seq int64, table, subject, reason string) VerifyResult {
	return VerifyResult{Seq: seq, Table: table, Subject: subject, Reason: reason}
}

// entry checks that e follows the last good entry and hashes to its hash.
func (v *verifier) entry(e *model.ChainEntry, last VerifyResult) *VerifyResult {
	table := tables[e.Kind]
	if table == "" {
		table = "chain"
	}
	var bad VerifyResult
	switch {
	case e.Seq != last.Entries+1:
		bad = failed(last.Entries+1, "chain", "", fmt.Sprintf("the chain jumps from entry %d to entry %d, so entries were removed", last.Entries, e.Seq))
	case e.Prev != last.Head:
		bad = failed(e.Seq, table, e.Subject, "it does not link to the entry before it, so entries were removed, reordered or inserted")
	case model.ChainHash(*e) != e.Hash:
		bad = failed(e.Seq, table, e.Subject, "its contents do not match its hash, so the entry was altered")
	case table == "chain":
		bad = failed(e.Seq, table, e.Subject, fmt.Sprintf("its kind %q is not one signoff writes", e.Kind))
	default:
		return nil
	}
	return &bad
}

// rowOf checks the row written with entry e against the entry's payload.
func (v *verifier) rowOf(e *model.ChainEntry) *VerifyResult {
	table := tables[e.Kind]
	c := v.cursors[table]
	fail := func(reason string) *VerifyResult { r := failed(e.Seq, table, e.Subject, reason); return &r }
	if c.ok && c.row.seq < e.Seq {
		r := failed(c.row.seq, table, c.row.id, "the row has no chain entry of its kind, so it was inserted outside signoff")
		return &r
	}
	if !c.ok || c.row.seq != e.Seq {
		return fail("its row is missing from " + table + ", so the row was deleted")
	}
	row := c.row
	c.next()
	if row.id != e.Subject {
		return fail(fmt.Sprintf("the row's id is %q, so the row was altered", row.id))
	}
	if e.Kind == recIncident {
		var i model.Incident
		if json.Unmarshal([]byte(e.Payload), &i) != nil || i.ID != e.Subject || i.OpenedAt.UnixNano() != row.openedAt {
			return fail("the row differs from the recorded incident, so it was altered")
		}
		v.incidents[e.Seq] = i.ID
		return nil
	}
	if v.incidents[row.inc] != e.Incident {
		return fail(fmt.Sprintf("the row belongs to another incident than the entry's %s, so it was altered", e.Incident))
	}
	if reason := matches(e, &row); reason != "" {
		return fail(reason)
	}
	if e.Kind == recEvent {
		return v.queued(e, &row)
	}
	return nil
}

// queued checks the queue_decisions mark of an event, if it has one: it
// must mark a decision on that same suggestion.
func (v *verifier) queued(e *model.ChainEntry, row *tableRow) *VerifyResult {
	q := v.cursors["queue_decisions"]
	if !q.ok || q.row.seq > e.Seq {
		return nil
	}
	mark := q.row
	q.next()
	if mark.seq < e.Seq {
		r := failed(mark.seq, "queue_decisions", mark.id, "the queue decision marks no decision event, so it was inserted outside signoff")
		return &r
	}
	// Decisions made in the queue are named D-<suggestion> (SPEC.md).
	if row.ev.Kind != string(model.KindDecision) || row.ev.Suggestion != mark.id || mark.inc != row.inc || row.id != "D-"+mark.id {
		r := failed(e.Seq, "queue_decisions", mark.id, "the queue decision does not match the decision event it marks, so it was altered")
		return &r
	}
	return nil
}

// matches compares a row with what the entry's payload says it must hold.
func matches(e *model.ChainEntry, row *tableRow) string {
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
	case recEvent, recEvidence:
		var want eventRow
		if e.Kind == recEvent {
			var ev model.Event
			if json.Unmarshal([]byte(e.Payload), &ev) != nil {
				return "its payload is not an event"
			}
			want = rowOfEvent(&ev)
		} else {
			var ev model.Evidence
			if json.Unmarshal([]byte(e.Payload), &ev) != nil {
				return "its payload is not an evidence record"
			}
			want = rowOfEvidence(&ev)
		}
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
	case recReview:
		var r model.Review
		if json.Unmarshal([]byte(e.Payload), &r) != nil {
			return "its payload is not a review"
		}
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

// leftover reports a row no entry accounted for: inserted outside signoff.
func (v *verifier) leftover() *VerifyResult {
	var first *cursor
	for _, c := range v.cursors {
		if c.ok && (first == nil || c.row.seq < first.row.seq) {
			first = c
		}
	}
	if first == nil {
		return nil
	}
	r := failed(first.row.seq, first.table, first.row.id, "the row has no chain entry, so it was inserted outside signoff")
	return &r
}
