package db

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sync/atomic"

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
	recStatus: "status_changes", recHandoff: "handoff_notes",
}

// verifier walks the chain in seq order beside one cursor per table, also
// in seq order, so each row is met exactly when its entry is.
type verifier struct {
	cursors   map[string]*cursor
	incidents map[int64]string // incident seq -> id, from the entries seen

	bad  *VerifyResult // the first bad row, set by the row checker
	stop atomic.Bool   // set with bad, so the chain walk stops early
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
	// Status changes and hand-off notes share the shape of a review row:
	// id (the change's id, the note's author), person, time, and a status.
	verifyStatus   = "SELECT seq, inc, id, person, at, status FROM status_changes ORDER BY seq"
	verifyHandoffs = "SELECT seq, inc, person, person, at, '' FROM handoff_notes ORDER BY seq"
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

// verify walks the chain on this goroutine (linking and hashing must go in
// order) and hands each run of well-linked entries to a second goroutine
// that checks their rows, so the two halves of the work overlap. The
// second goroutine only ever sees entries before the first bad one found
// here, so its failure, if any, is the first in seq order.
func (d *DB) verify(ctx context.Context, cp *Checkpoint) (VerifyResult, error) {
	chainTx, rowsTx, err := d.verifyTxs(ctx)
	if err != nil {
		return VerifyResult{}, err
	}
	defer chainTx.Rollback()
	defer rowsTx.Rollback()
	v, err := d.openCursors(ctx, rowsTx)
	if err != nil {
		return VerifyResult{}, err
	}
	defer v.close()
	chain, err := chainTx.QueryContext(ctx, verifyChain)
	if err != nil {
		return VerifyResult{}, d.fail(err)
	}
	defer chain.Close()

	runs := make(chan []model.ChainEntry, verifyRuns)
	free := make(chan []model.ChainEntry, verifyRuns+2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for run := range runs {
			for i := 0; i < len(run) && v.bad == nil; i++ {
				if v.bad = v.rowOf(&run[i]); v.bad != nil {
					v.stop.Store(true)
				}
			}
			select {
			case free <- run[:0]:
			default:
			}
		}
	}()
	bad, res, err := d.walk(chain, cp, v, runs, free)
	close(runs)
	<-done
	switch {
	case err != nil:
		return VerifyResult{}, err
	case v.bad != nil:
		return *v.bad, nil
	case bad != nil:
		return *bad, nil
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

// Entries go to the row checker in runs of verifyRun, at most verifyRuns
// runs ahead of it: large enough that handing over costs nothing, small
// enough that little is read past a bad row.
const (
	verifyRun  = 1024
	verifyRuns = 4
)

// openCursors starts one cursor per table, each on its first row.
func (d *DB) openCursors(ctx context.Context, tx *sql.Tx) (*verifier, error) {
	v := &verifier{cursors: map[string]*cursor{}, incidents: map[int64]string{}}
	for table, query := range map[string]string{"incidents": verifyIncidents, "people": verifyPeople, "agents": verifyAgents,
		"assets": verifyAssets, "events": verifyEvents, "reviews": verifyReviews, "queue_approvals": verifyApprovals,
		"queue_decisions": verifyQueued, "status_changes": verifyStatus, "handoff_notes": verifyHandoffs} {
		rows, err := tx.QueryContext(ctx, query)
		if err != nil {
			v.close()
			return nil, d.fail(err)
		}
		c := &cursor{table: table, rows: rows}
		v.cursors[table] = c
		c.next()
		if c.err != nil {
			v.close()
			return nil, d.fail(c.err)
		}
	}
	return v, nil
}

func (v *verifier) close() {
	for _, c := range v.cursors {
		c.rows.Close()
	}
}

// walk reads the chain in seq order, checks that each entry follows the
// last and hashes to its hash, and sends the good ones on to runs. It
// returns the first bad entry, or the size and head of a good chain.
func (d *DB) walk(chain *sql.Rows, cp *Checkpoint, v *verifier, runs chan<- []model.ChainEntry, free <-chan []model.ChainEntry) (*VerifyResult, VerifyResult, error) {
	res := VerifyResult{Head: model.GenesisHash}
	l := newLinker(model.GenesisHash)
	run := make([]model.ChainEntry, 0, verifyRun)
	var (
		prev, hash   sql.RawBytes
		at, lastAt   int64
		atText, tail = "", []byte(nil)
	)
	for chain.Next() && !v.stop.Load() {
		var e model.ChainEntry
		if err := chain.Scan(&e.Seq, &at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload, &prev, &hash); err != nil {
			return nil, res, d.fail(err)
		}
		// An import stamps all its entries with one time: format it once.
		if atText == "" || at != lastAt {
			atText, lastAt = chainTime(fromNanos(at)), at
		}
		e.At = fromNanos(at)
		table := tables[e.Kind]
		if table == "" {
			table = "chain"
		}
		var bad VerifyResult
		switch {
		case e.Seq != res.Entries+1:
			bad = failed(res.Entries+1, "chain", "", fmt.Sprintf("the chain jumps from entry %d to entry %d, so entries were removed", res.Entries, e.Seq))
		case !bytes.Equal(prev, l.raw[:]):
			bad = failed(e.Seq, table, e.Subject, "it does not link to the entry before it, so entries were removed, reordered or inserted")
		case !linked(l, &e, atText, &tail, hash):
			bad = failed(e.Seq, table, e.Subject, "its contents do not match its hash, so the entry was altered")
		case table == "chain":
			bad = failed(e.Seq, table, e.Subject, fmt.Sprintf("its kind %q is not one signoff writes", e.Kind))
		case cp != nil && e.Seq == cp.Entries && l.headHex() != cp.Head:
			bad = failed(e.Seq, table, e.Subject, "its hash differs from the checkpoint's head, so the chain was recomputed since the checkpoint was taken")
		default:
			res.Entries = e.Seq
			if run = append(run, e); len(run) == verifyRun {
				runs <- run
				run = d.nextRun(free)
			}
			continue
		}
		runs <- run
		return &bad, res, nil
	}
	if err := chain.Err(); err != nil {
		return nil, res, d.fail(err)
	}
	runs <- run
	res.Head = l.headHex()
	return nil, res, nil
}

// linked hashes e after the linker's head and reports whether the sum is
// the hash stored with it.
func linked(l *linker, e *model.ChainEntry, atText string, tail *[]byte, hash []byte) bool {
	*tail = chainTail((*tail)[:0], atText, e.Actor, e.Kind, e.Incident, e.Subject, e.Payload)
	_, sum := l.link(e.Seq, *tail)
	return bytes.Equal(sum[:], hash)
}

// nextRun reuses a run the row checker is done with, or makes one.
func (d *DB) nextRun(free <-chan []model.ChainEntry) []model.ChainEntry {
	select {
	case run := <-free:
		return run
	default:
		return make([]model.ChainEntry, 0, verifyRun)
	}
}

func failed(seq int64, table, subject, reason string) VerifyResult {
	return VerifyResult{Seq: seq, Table: table, Subject: subject, Reason: reason}
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
		var err error
		if e.Kind == recEvent {
			if want, err = eventRowOf(e.Payload); err != nil {
				return "its payload is not an event"
			}
		} else if want, err = evidenceRowOf(e.Payload); err != nil {
			return "its payload is not an evidence record"
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
