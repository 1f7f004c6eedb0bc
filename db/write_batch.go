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
	bytes   int // of the entries' payloads
}

// batchRows is 512: at 100,000 events, 64 to a statement cost the client
// a quarter more CPU on PostgreSQL (3.3 s against 2.5 s) and SQLite 5%
// more; above it the server's own work per row (indexes, foreign keys)
// dominates. A statement of 512 rows keeps well under both engines'
// limits on parameters (13 a row against 65,535; 12 against 32,766).
const batchRows = 512

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

// batchBytes bounds a batch by the size of its entries' payloads as
// batchRows does by their count: a record may be 16 MiB (format.MaxLine),
// and 512 of those pending, each held as its payload, its hashed text and
// its row, took 4.8 GB to import a 0.9 GB stream. Past a few MiB a
// statement's cost is its rows' bytes, so a smaller batch costs nothing.
const batchBytes = 4 << 20

func (b *batch) full() bool { return len(b.chain) >= batchRows || b.bytes >= batchBytes }

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
			b.chain, b.events, b.reviews, b.bytes = b.chain[:0], b.events[:0], b.reviews[:0], 0
		}
	}()
	for rows := b.chain; len(rows) > 0; {
		n := chunk(len(rows))
		args := make([]any, 0, 9*n)
		at := w.at.UnixNano()
		for i := range rows[:n] {
			c := &rows[i]
			args = append(args, c.seq, at, w.actor, c.kind, c.incident, c.subject, c.payload, c.prev[:], c.hash[:])
		}
		if err := w.exec(ctx, insertChain(n), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	b.chain, b.bytes = b.chain[:0], 0
	for rows := b.events; len(rows) > 0; {
		n := chunk(len(rows))
		args := make([]any, 0, w.q.EventColumns*n)
		for i := range rows[:n] {
			args = w.eventArgs(args, rows[i].seq, &rows[i].row)
		}
		if w.q.SkipTakenEvents != "" {
			if err := w.insertSkipping(ctx, rows[:n], args); err != nil {
				return err
			}
		} else if err := w.exec(ctx, w.insertEvents(n), args...); err != nil {
			if w.isUnique(err) {
				return w.conflict(ctx, rows[:n], err)
			}
			return err
		}
		rows = rows[n:]
	}
	b.events = b.events[:0]
	for rows := b.reviews; len(rows) > 0; {
		n := chunk(len(rows))
		args := make([]any, 0, 6*n)
		for _, r := range rows[:n] {
			args = reviewArgs(args, r.seq, w.inc, r.review)
		}
		if err := w.exec(ctx, insertReviews(n), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	b.reviews = b.reviews[:0]
	return nil
}

// chunk is how many of n pending rows the next statement inserts: a
// multiple of 64, else the largest power of two. Each size of statement
// is prepared once per import and kept until it ends; with any size from
// 1 to batchRows a million-event import kept about a hundred of them, up
// to 512 rows of parameters each (its peak grew by a fifth), where these
// sizes are 14 at most, for at most 7 statements a flush.
func chunk(n int) int {
	if n >= 64 {
		return min(n-n%64, batchRows)
	}
	p := 1
	for p*2 <= n {
		p *= 2
	}
	return p
}

// conflict finds which row of a refused statement (which SQLite undid as
// a whole) takes an id already taken, by inserting them one by one.
func (w *writer) conflict(ctx context.Context, rows []pendingEvent, cause error) error {
	for i := range rows {
		p := &rows[i]
		if err := w.row(ctx, p.seq, p.row); err != nil {
			if w.isUnique(err) {
				return &rowConflict{row: p, err: err}
			}
			return err
		}
	}
	return cause
}

// insertSkipping inserts timeline rows on an engine where a failed
// statement fails the whole transaction (engine.Dialect's
// SkipTakenEvents): the rows whose ids are taken are skipped, not
// refused, and the first row not inserted is the conflict.
func (w *writer) insertSkipping(ctx context.Context, rows []pendingEvent, args []any) error {
	s, err := w.stmt(ctx, w.insertEvents(len(rows))+w.q.SkipTakenEvents)
	if err != nil {
		return err
	}
	found, err := s.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	inserted := make(map[int64]bool, len(rows))
	for found.Next() {
		var seq int64
		if err := found.Scan(&seq); err != nil {
			found.Close()
			return err
		}
		inserted[seq] = true
	}
	if err := found.Close(); err != nil {
		return err
	}
	if err := found.Err(); err != nil {
		return err
	}
	for i := range rows {
		if p := &rows[i]; !inserted[p.seq] {
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
