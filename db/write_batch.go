package db

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// batch holds entries and rows appended but not yet inserted. A stream
// inserts them batchRows to a statement: each statement costs the driver
// and SQLite the same whatever its size, and a million single-row
// statements were most of an import's time. Entries go in first, so the
// rows' references to them hold.
type batch struct {
	chain   []chainRow
	events  []pendingEvent
	reviews []pendingReview
}

const batchRows = 64

type chainRow struct {
	seq                              int64
	kind, incident, subject, payload string
	prev, hash                       [chain.Size]byte
}

// pendingEvent is a timeline row with where it came from, to name the
// record if inserting it fails.
type pendingEvent struct {
	seq  int64
	row  eventRow
	line int
	what string // event or evidence
}

type pendingReview struct {
	seq    int64
	review *model.Review
}

func (b *batch) full() bool { return len(b.chain) >= batchRows }

// rowConflict is a timeline row whose id is already taken.
type rowConflict struct {
	row *pendingEvent
	err error
}

func (c *rowConflict) Error() string { return c.err.Error() }
func (c *rowConflict) Unwrap() error { return c.err }

// flush inserts what is pending. When a timeline row's id is taken the
// error is a *rowConflict naming the first such row.
func (w *writer) flush(ctx context.Context) (err error) {
	b := &w.pending
	defer func() {
		if err != nil {
			// The transaction is lost; what was pending goes with it, so
			// a later flush cannot report its rows a second time.
			b.chain, b.events, b.reviews = b.chain[:0], b.events[:0], b.reviews[:0]
		}
	}()
	if len(b.chain) > 0 {
		args := make([]any, 0, 9*len(b.chain))
		at := w.at.UnixNano()
		for i := range b.chain {
			c := &b.chain[i]
			args = append(args, c.seq, at, w.actor, c.kind, c.incident, c.subject, c.payload, c.prev[:], c.hash[:])
		}
		if err := w.exec(ctx, insertChain(len(b.chain)), args...); err != nil {
			return err
		}
		b.chain = b.chain[:0]
	}
	if len(b.events) > 0 {
		args := make([]any, 0, w.q.EventColumns*len(b.events))
		for i := range b.events {
			args = w.eventArgs(args, b.events[i].seq, &b.events[i].row)
		}
		if w.q.SkipTakenEvents != "" {
			if err := w.insertSkipping(ctx, args); err != nil {
				return err
			}
		} else if err := w.exec(ctx, w.insertEvents(len(b.events)), args...); err != nil {
			if w.isUnique(err) {
				return w.conflict(ctx, err)
			}
			return err
		}
		b.events = b.events[:0]
	}
	if len(b.reviews) > 0 {
		args := make([]any, 0, 6*len(b.reviews))
		for _, r := range b.reviews {
			args = reviewArgs(args, r.seq, w.inc, r.review)
		}
		if err := w.exec(ctx, insertReviews(len(b.reviews)), args...); err != nil {
			return err
		}
		b.reviews = b.reviews[:0]
	}
	return nil
}

// conflict finds which pending row of a refused statement (which SQLite
// undid as a whole) takes an id already taken, by inserting them one by one.
func (w *writer) conflict(ctx context.Context, cause error) error {
	for i := range w.pending.events {
		p := &w.pending.events[i]
		if err := w.row(ctx, p.seq, p.row); err != nil {
			if w.isUnique(err) {
				return &rowConflict{row: p, err: err}
			}
			return err
		}
	}
	return cause
}

// insertSkipping inserts the pending timeline rows on an engine where a
// failed statement fails the whole transaction (engine.Dialect's
// SkipTakenEvents): the rows whose ids are taken are skipped, not
// refused, and the first pending row not inserted is the conflict.
func (w *writer) insertSkipping(ctx context.Context, args []any) error {
	s, err := w.stmt(ctx, w.insertEvents(len(w.pending.events))+w.q.SkipTakenEvents)
	if err != nil {
		return err
	}
	rows, err := s.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	inserted := make(map[int64]bool, len(w.pending.events))
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			rows.Close()
			return err
		}
		inserted[seq] = true
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range w.pending.events {
		if p := &w.pending.events[i]; !inserted[p.seq] {
			return &rowConflict{row: p, err: errIDTaken}
		}
	}
	return nil
}

var errIDTaken = errors.New("the id is taken")

// The insert statements for n rows, built once per size.
var (
	insertsMu     sync.Mutex
	chainInserts  = map[insertKey]string{}
	eventInserts  = map[insertKey]string{}
	reviewInserts = map[insertKey]string{}
)

func insertChain(n int) string {
	return multiInsert(chainInserts, n, "INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash) VALUES ", 9)
}

// insertEventsSQLite is SQLite's head of the insert of timeline rows.
const insertEventsSQLite = "INSERT INTO events (seq, inc, id, at, kind, actor, summary, action, target, suggestion, decision, starts) VALUES "

func (w *writer) insertEvents(n int) string {
	return multiInsert(eventInserts, n, w.q.InsertEvents, w.q.EventColumns)
}

func insertReviews(n int) string {
	return multiInsert(reviewInserts, n, "INSERT INTO reviews (seq, inc, subject, reviewer, at, verdict) VALUES ", 6)
}

func multiInsert(cache map[insertKey]string, n int, head string, columns int) string {
	insertsMu.Lock()
	defer insertsMu.Unlock()
	k := insertKey{head, n}
	if q, ok := cache[k]; ok {
		return q
	}
	row := "(?" + strings.Repeat(", ?", columns-1) + ")"
	q := head + row + strings.Repeat(", "+row, n-1)
	cache[k] = q
	return q
}

// insertKey is an insert statement's head and number of rows.
type insertKey struct {
	head string
	n    int
}

// eventArgs are the values of one timeline row; starts is 1 or 0, as both
// engines store it.
func (w *writer) eventArgs(args []any, seq int64, r *eventRow) []any {
	starts := 0
	if r.Starts {
		starts = 1
	}
	args = append(args, seq, w.inc, r.ID, r.At, r.Kind, r.Actor, r.Summary,
		null(r.Action), null(r.Target), null(r.Suggestion), null(r.Decision), starts)
	if w.q.FoldedColumn {
		args = append(args, foldRow(r))
	}
	return args
}

func reviewArgs(args []any, seq, inc int64, r *model.Review) []any {
	return append(args, seq, inc, r.Subject, r.Reviewer, r.At.UnixNano(), string(r.Verdict))
}
