package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/signoff/signoff/db/sqliteread"
	"github.com/signoff/signoff/model"
)

// A whole verify of a SQLite file reads the chain (the walk) and the
// record's rows (the row checker) on two connections of its own
// (db/sqliteread), not through database/sql: at a million events the
// driver's per-row and per-column work (a mutex each, every connection
// being FULLMUTEX) was about half of what the two goroutines spent
// (BENCHMARKS.md, "verify through db/sqliteread").
//
// Each is opened as the export's is (export_raw.go: the store's DSN and
// pragmas), and begins its read while verify's transactions are held; it
// is used only when its last chain entry (seq and hash) is the chain
// transaction's, as the export's must be, and only while the path names
// the store's file (sqlite_moved.go): a file moved there after that look
// is read only if it holds the same record. Everything else verify reads
// (the derived tables, the triggers, a remembered check's hashes) is still
// read on the transactions.
//
// The verdict must not depend on which way the rows were read. The raw
// reader reads a column only when database/sql would scan that value into
// the same Go value (an integer column holding an integer, a text column
// text or a blob, a flag 0 or 1); a value of any other type, a statement
// that cannot be prepared or a step that fails stops the raw reading, and
// verify starts again on its transactions, which then say what they
// always said: a damaged page, a value the schema cannot hold.

// verifyRaw is false only in tests: verify then reads everything on its
// transactions, as where the raw connections cannot be opened.
var verifyRaw = true

// verifyRawOpened, when set, is called once a raw connection of verify
// has begun its read, before it reads the chain's last entry: tests write
// there.
var verifyRawOpened func()

// verifyRawStopped, when set, is called when the raw read stopped and
// verify reads again on its transactions: tests count them.
var verifyRawStopped func(error)

// rawFailed is why reading on a raw connection stopped: verify reads
// again on its transactions.
type rawFailed struct{ reason string }

func (r rawFailed) Error() string { return "verify's raw read stopped: " + r.reason }

// failRead is d.fail for an error of a reader that may be raw: a raw
// reader's stop is not the store's error, it sends verify back to its
// transactions.
func (d *DB) failRead(err error) error {
	if errors.As(err, new(rawFailed)) {
		return err
	}
	return d.fail(err)
}

// verifyReads are the raw connections a whole verify reads on; a nil one
// is read on its transaction instead.
type verifyReads struct {
	chain, rows *sqliteread.Conn
}

// openVerifyReads opens the raw connections for a verify whose chain
// transaction is tx; nil when it reads on its transactions alone.
func (d *DB) openVerifyReads(ctx context.Context, tx *sql.Tx) *verifyReads {
	if !verifyRaw {
		return nil
	}
	cs := d.openBeside(ctx, tx, 2, verifyRawOpened)
	if cs == nil || cs[0] == nil && cs[1] == nil {
		return nil
	}
	return &verifyReads{chain: cs[0], rows: cs[1]}
}

func (r *verifyReads) close() {
	if r == nil {
		return
	}
	for _, c := range []*sqliteread.Conn{r.chain, r.rows} {
		if c != nil {
			c.Close()
		}
	}
}

// entryRows are the chain's entries as the walk reads them, in seq order:
// through database/sql or on a raw connection.
type entryRows interface {
	Next() bool
	// scan reads the current entry; prev and hash are valid until the
	// next call of Next.
	scan(e *model.ChainEntry, at *int64, prev, hash *[]byte) error
	Err() error
	Close() error
}

// sqlEntries are the entries read on the chain transaction.
type sqlEntries struct{ *sql.Rows }

func (r sqlEntries) scan(e *model.ChainEntry, at *int64, prev, hash *[]byte) error {
	return r.Scan(&e.Seq, at, &e.Actor, &e.Kind, &e.Incident, &e.Subject, &e.Payload, (*sql.RawBytes)(prev), (*sql.RawBytes)(hash))
}

// rawRows are rows read on a raw connection, scanned as database/sql
// scans them or not at all (rawFailed).
type rawRows struct {
	ctx context.Context
	st  *sqliteread.Stmt
	n   int
	err error
}

func (r *rawRows) Next() bool {
	if r.err != nil {
		return false
	}
	// database/sql stops a query whose context ends; so does this.
	if r.n++; r.n%verifyRun == 0 {
		if r.err = r.ctx.Err(); r.err != nil {
			return false
		}
	}
	more, err := r.st.Step()
	if err != nil {
		r.err = rawFailed{err.Error()}
	}
	return more
}

func (r *rawRows) Err() error { return r.err }

func (r *rawRows) Close() error { return r.st.Close() }

// Scan is (*sql.Rows).Scan for the destinations verify scans into, of a
// value database/sql scans alike: else it stops the raw read.
func (r *rawRows) Scan(dest ...any) error {
	st := r.st
	for col, d := range dest {
		t, ok := st.Type(col), false
		switch p := d.(type) {
		case *int64:
			if ok = t == sqliteread.Integer; ok {
				*p = st.Int64(col)
			}
		case *int:
			if ok = t == sqliteread.Integer; ok {
				*p = int(st.Int64(col))
			}
		case *float64:
			if ok = t == sqliteread.Float; ok {
				*p = st.Float64(col)
			}
		case *string:
			*p, ok = rawString(st, col, t)
		case *sql.NullFloat64:
			if ok = t == sqliteread.Float || t == sqliteread.Null; ok {
				*p = sql.NullFloat64{Float64: st.Float64(col), Valid: t == sqliteread.Float}
			}
		case *sql.NullString:
			p.String, p.Valid = rawString(st, col, t)
			ok = p.Valid || t == sqliteread.Null
		}
		if !ok {
			return rawFailed{fmt.Sprintf("column %d, of type %d, into %T", col, t, d)}
		}
	}
	return nil
}

// rawString is a value of type t as database/sql scans it into a string:
// a number formatted as strconv formats it; false for NULL.
func rawString(st *sqliteread.Stmt, col, t int) (string, bool) {
	switch t {
	case sqliteread.Text, sqliteread.Blob:
		return st.Text(col), true
	case sqliteread.Integer:
		return strconv.FormatInt(st.Int64(col), 10), true
	case sqliteread.Float:
		return strconv.FormatFloat(st.Float64(col), 'g', -1, 64), true
	}
	return "", false
}

// verifyRows are rows verify reads: *sql.Rows, or rawRows.
type verifyRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// readOn reads on the raw connection raw where there is one, else on the
// transaction.
type readOn struct {
	*sql.Tx
	raw *sqliteread.Conn
}

func (r readOn) rows(ctx context.Context, query string) (verifyRows, error) {
	if r.raw == nil {
		rows, err := r.QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		return rows, nil
	}
	st, err := r.raw.Prepare(query)
	if err != nil {
		return nil, rawFailed{err.Error()}
	}
	return &rawRows{ctx: ctx, st: st}, nil
}

// rawEntries are the chain's entries read on a raw connection.
type rawEntries struct {
	rawRows
	last [3]string // the last entry's actor, kind and incident, which the next mostly repeats
}

// entryKinds are the kinds of the columns of verifyChain.
const entryKinds = "iisssssrr"

func (r *rawEntries) scan(e *model.ChainEntry, at *int64, prev, hash *[]byte) error {
	st := r.st
	if col := scansAlike(st, entryKinds); col >= 0 {
		return rawFailed{fmt.Sprintf("column %d of chain entry %d is of type %d", col, st.Int64(0), st.Type(col))}
	}
	e.Seq, *at = st.Int64(0), st.Int64(1)
	e.Actor = repeated(&r.last[0], st.Bytes(2))
	e.Kind = repeated(&r.last[1], st.Bytes(3))
	e.Incident = repeated(&r.last[2], st.Bytes(4))
	e.Subject, e.Payload = st.Text(5), st.Text(6)
	*prev, *hash = st.Bytes(7), st.Bytes(8)
	return nil
}

// repeated is b as a string, the one in last when it is the same.
func repeated(last *string, b []byte) string {
	if string(b) != *last {
		*last = string(b)
	}
	return *last
}

// scansAlike checks that each column of the current row holds a value
// database/sql scans as the raw reader reads it, by kinds, a letter a
// column: 'i' an int64 (an integer), 's' a string (text or a blob), 'r'
// sql.RawBytes (text or a blob), 'b' a bool (the integer 0 or 1). It
// returns the first column that does not, or -1.
func scansAlike(st *sqliteread.Stmt, kinds string) int {
	for col := 0; col < len(kinds); col++ {
		t := st.Type(col)
		switch kinds[col] {
		case 'i':
			if t != sqliteread.Integer {
				return col
			}
		case 's', 'r':
			if t != sqliteread.Text && t != sqliteread.Blob {
				return col
			}
		case 'b':
			if t != sqliteread.Integer || uint64(st.Int64(col)) > 1 {
				return col
			}
		}
	}
	return -1
}

// rowKinds are the kinds of the columns of each table's query
// (recordTables), as scansAlike reads them.
var rowKinds = map[string]string{"incidents": "iisi", "events": "iisisssssssb",
	"reviews": "iissis", "queue_approvals": "iissis", "status_changes": "iissis", "handoff_notes": "iissis"}

// nextRaw is next on a raw connection: the same row, or a stop.
func (c *cursor) nextRaw() {
	st := c.raw
	more, err := st.Step()
	if err != nil {
		c.ok, c.err = false, rawFailed{err.Error()}
		return
	}
	if c.ok = more; !more {
		return
	}
	kinds := rowKinds[c.table]
	if kinds == "" {
		kinds = "iis"
	}
	if col := scansAlike(st, kinds); col >= 0 {
		c.ok, c.err = false, rawFailed{fmt.Sprintf("column %d of %s row %d is of type %d", col, c.table, st.Int64(0), st.Type(col))}
		return
	}
	r := &c.row
	*r = tableRow{seq: st.Int64(0), inc: st.Int64(1), id: st.Text(2)}
	switch c.table {
	case "incidents":
		r.openedAt = st.Int64(3)
	case "events":
		r.ev = eventRow{ID: r.id, At: st.Int64(3), Kind: repeated(&c.last[0], st.Bytes(4)), Actor: repeated(&c.last[1], st.Bytes(5)),
			Summary: st.Text(6), Action: repeated(&c.last[2], st.Bytes(7)), Target: st.Text(8), Suggestion: st.Text(9),
			Decision: st.Text(10), Starts: st.Int64(11) == 1}
	case "reviews", "queue_approvals", "status_changes", "handoff_notes":
		r.review.Subject, r.review.Reviewer = r.id, st.Text(3)
		r.review.At, r.review.Verdict = fromNanos(st.Int64(4)), model.Verdict(st.Text(5))
	}
}
