package db

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net/url"

	"github.com/signoff/signoff/db/sqliteread"
)

// The native export reads its span of the chain on a connection of its
// own (db/sqliteread), not through database/sql: at 1M events the
// reading goroutine took 3.4 CPU-seconds, nearly all of it database/sql
// and the driver's per-row and per-column locking (every connection is
// opened FULLMUTEX); on this connection it takes 1.3 (BENCHMARKS.md,
// docs/DECISIONS.md).
//
// That connection is not the export's transaction, so it must read what
// the transaction reads. It is opened as the store's connections are (the
// same file, mode and immutability, the same pragmas) and begins its read
// while the transaction is held; then it reads the chain's last entry,
// and when that is not the transaction's (seq and hash), a write landed
// between the two beginnings and the export reads through its
// transaction as before. Why the same last entry is enough:
//
//   - A read begun later sees the transaction's record and what was
//     committed since. signoff only appends to the chain (its triggers
//     refuse updates and deletes), and every append moves its last entry:
//     with the same one, signoff wrote nothing to the chain between them.
//   - A change made behind signoff's back in that moment (the file edited,
//     the triggers dropped) is met by the checks. On this connection every
//     entry of the span is checked, other incidents' entries too (hash and
//     links; the transaction's way checks the incident's alone), and the
//     span's two ends are the transaction's: the hash of the entry before
//     it is read on the transaction, and so is the link of the entry after
//     it, or, when the span ends the chain, its hash is the last entry's
//     compared above. A span whose every hash is what it holds and which
//     links from the same hash to the same hash as the transaction's holds
//     the entries those hashes are of: the transaction's own, unless
//     SHA-256 collides, or unless the transaction's do not match their
//     hashes (altered, and mended again a moment later, in which case this
//     read writes the record the transaction's hashes vouch for). An entry
//     is written only once the entry after it is checked, so a change
//     that the checks meet sends the export to its transaction before the
//     changed record is out; one met only at the span's end (the entries
//     up to it rewritten and rehashed) stops the export with ETAMPERED
//     where the transaction's way writes other bytes (exportAfter): it is
//     never a whole document other than the transaction's.
//
// It opens the path, so a file moved over the store's while it runs is
// not read (sqlite_moved.go); one moved there after that look is another
// file, whose last entry is then the transaction's only if it holds the
// same record (a copy), which the checks above hold it to.
//
// Anything this connection cannot do (the file cannot be opened so, a
// pragma fails, a step fails) sends the export back to its transaction,
// which writes and says what it always did.

// readRaw is false only in tests: the chain is then read through the
// export's transaction, as where the raw connection cannot be opened.
var readRaw = true

// rawOpened, when set, is called once the raw connection has begun its
// read, before it reads the chain's last entry: tests write there.
var rawOpened func()

// lastEntryHash reads the chain's last entry: its seq and hash.
const lastEntryHash = "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1"

// openChainRead opens the raw connection for an export reading tx, with
// its read begun on tx's record; nil when it cannot (see above).
func (d *DB) openChainRead(ctx context.Context, tx *sql.Tx) *sqliteread.Conn {
	if !readRaw {
		return nil
	}
	cs := d.openBeside(ctx, tx, 1, rawOpened)
	if cs == nil {
		return nil
	}
	return cs[0]
}

// openBeside opens n raw connections for a reader of tx, each with its
// read begun on tx's record (nil where one cannot be); nil when the store
// is not a file that can be read so.
func (d *DB) openBeside(ctx context.Context, tx *sql.Tx, n int, opened func()) []*sqliteread.Conn {
	s, ok := d.eng.(*sqliteFile)
	if !ok {
		return nil
	}
	var seq int64
	var hash []byte
	if err := tx.QueryRowContext(ctx, lastEntryHash).Scan(&seq, &hash); err != nil {
		return nil
	}
	if s.goneError() != nil {
		return nil // the path names another file than the store's now
	}
	cs := make([]*sqliteread.Conn, n)
	for i := range cs {
		cs[i] = openBegun(s, seq, hash, opened)
	}
	return cs
}

// openBegun opens a raw connection to s as the pool opens its own, with
// its read begun, when the chain's last entry it sees is seq with that
// hash; nil otherwise. opened, when set, is a test's hook between the
// read beginning and that look.
func openBegun(s *sqliteFile, seq int64, hash []byte, opened func()) *sqliteread.Conn {
	c, err := sqliteread.Open(dsn(s.path, s.access))
	if err != nil {
		return nil
	}
	if err := rawPragmas(c, s.access); err != nil || c.Exec("BEGIN") != nil {
		c.Close()
		return nil
	}
	if opened != nil {
		opened()
	}
	if !sameHead(c, seq, hash) {
		c.Close()
		return nil
	}
	return c
}

// rawPragmas runs on c the pragmas the driver runs on every connection
// of the store (dsn's _pragma values): the same busy timeout, the same
// check of each page read.
func rawPragmas(c *sqliteread.Conn, a access) error {
	u, err := url.Parse(dsn("", a))
	if err != nil {
		return err
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return err
	}
	for _, p := range q["_pragma"] {
		if err := c.Exec("PRAGMA " + p); err != nil {
			return err
		}
	}
	return nil
}

// sameHead reports whether c's read sees the chain's last entry at seq
// with that hash.
func sameHead(c *sqliteread.Conn, seq int64, hash []byte) bool {
	st, err := c.Prepare(lastEntryHash)
	if err != nil {
		return false
	}
	defer st.Close()
	ok, err := st.Step()
	return err == nil && ok && st.Int64(0) == seq && bytes.Equal(st.Bytes(1), hash)
}

// chainColumnsInOrder is chainInOrder's span with each column on its own:
// here a column costs a call, not a lock, and the fields are put together
// in Go faster than SQLite's interpreter joins them.
const chainColumnsInOrder = `SELECT seq, at, actor, kind, incident, subject, prev, hash, payload
	FROM chain WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq`

// addColumns appends the row st is on, its fields as chainInOrder's third
// column spells them (nil when one is NULL, as that column is), and
// returns its seq.
func (b *orderRows) addColumns(st *sqliteread.Stmt) int64 {
	o := orderRow{seq: st.Int64(0), at: st.Int64(1)}
	n := len(b.buf)
	null := false
	for col := 2; col <= 7; col++ {
		v := st.Bytes(col)
		if len(v) == 0 && st.Null(col) {
			null = true
		}
		if col <= 5 {
			b.buf = appendField(b.buf, v)
		} else {
			b.buf = append(b.buf, v...)
		}
	}
	if !null {
		o.fields = b.buf[n:len(b.buf):len(b.buf)]
	}
	m := len(b.buf)
	b.buf = append(b.buf, st.Bytes(8)...)
	o.payload = b.buf[m:len(b.buf):len(b.buf)]
	b.rows = append(b.rows, o)
	return o.seq
}

// errNotScanned stops the raw read at a seq or time that is not an
// integer, which the column reads here would turn into one.
var errNotScanned = errors.New("export: a chain entry's seq or time is not an integer")

// readRawInOrder is readInOrder on the raw connection c, which it closes.
func readRawInOrder(ctx context.Context, c *sqliteread.Conn, inc, hi int64, batches chan<- *orderRows, free <-chan *orderRows, stop <-chan struct{}) error {
	defer c.Close()
	through := inc - 1
	if passEnded != nil {
		defer func() { passEnded(through) }()
	}
	st, err := c.Prepare(chainColumnsInOrder, inc, hi)
	if err != nil {
		return err
	}
	defer st.Close()
	b := &orderRows{}
	for {
		more, err := st.Step()
		if err != nil {
			return err
		}
		if !more {
			break
		}
		if scansAlike(st, "ii") >= 0 {
			// database/sql would not scan it into an integer: the
			// transaction's way meets it, before this batch is written.
			return errNotScanned
		}
		through = b.addColumns(st)
		if len(b.rows) == orderBatch {
			if err := ctx.Err(); err != nil {
				return err
			}
			if b = b.send(batches, free, stop); b == nil {
				return nil
			}
		}
	}
	if len(b.rows) > 0 {
		b.send(batches, free, stop)
	}
	return nil
}
