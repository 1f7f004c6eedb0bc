// Package sqliteread reads a SQLite file through modernc.org/sqlite/lib
// directly, without database/sql: one read-only connection that one
// goroutine uses, opened without SQLite's mutex.
//
// The pure-Go driver opens every connection SQLITE_OPEN_FULLMUTEX and
// reads each column of each row through database/sql and a mutex; reading
// a million chain entries that way took twice as long as stepping the
// same statement here (docs/DECISIONS.md). The price is unsafe code over
// the library's C-shaped API, a libc.TLS of the connection's own, and the
// rule that nothing of a Conn is used from two goroutines at once.
//
// Every C allocation a Conn or Stmt makes is freed by the call that made
// it, or by Close.
package sqliteread

import (
	"cmp"
	"fmt"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Error is an error SQLite returned: its result code and its message.
type Error struct {
	Code int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("sqlite: %s (%d)", e.Msg, e.Code) }

// ErrClosed is returned for a Conn or Stmt used after Close.
var ErrClosed = &Error{Code: sqlite3.SQLITE_MISUSE, Msg: "use of a closed connection or statement"}

// Conn is a read-only connection to one SQLite database. It is not safe
// for use by more than one goroutine at a time.
type Conn struct {
	tls *libc.TLS
	db  uintptr
	// stmts are the statements Prepare made and Close has not finalized.
	// SQLite keeps statements of its own on the connection too (FTS5's),
	// which closing the connection finalizes: only these are Close's.
	stmts map[*Stmt]struct{}
}

// Open opens the database name read-only. name is a path, or a URI
// ("file:...?mode=ro&immutable=1") as SQLite's URI filenames spell one;
// nothing is created. Text is read as it is stored, so a database that
// stores it as UTF-16 is refused: Bytes would be UTF-16 where database/sql
// gives UTF-8.
func Open(name string) (*Conn, error) {
	c := &Conn{tls: libc.NewTLS()}
	err := c.open(name)
	if err == nil {
		err = c.utf8()
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// ErrNotUTF8 is Open's refusal of a database that stores text as UTF-16.
var ErrNotUTF8 = &Error{Code: sqlite3.SQLITE_MISMATCH, Msg: "the database stores its text as UTF-16; this reader reads UTF-8 only"}

// utf8 is nil when the database stores its text as UTF-8.
func (c *Conn) utf8() error {
	st, err := c.Prepare("PRAGMA encoding")
	if err != nil {
		return err
	}
	defer st.Close()
	if ok, err := st.Step(); err != nil || !ok {
		return cmp.Or(err, error(ErrNotUTF8))
	}
	if st.Text(0) != "UTF-8" {
		return ErrNotUTF8
	}
	return nil
}

// open opens name on c's TLS; what it allocates is freed before it
// returns, so before Close lets go of the TLS.
func (c *Conn) open(name string) error {
	pp := libc.Xmalloc(c.tls, 8)
	if pp == 0 {
		return &Error{Code: sqlite3.SQLITE_NOMEM, Msg: "out of memory"}
	}
	defer libc.Xfree(c.tls, pp)
	*(*uintptr)(cmem(pp)) = 0
	cname, err := libc.CString(name)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, cname)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, cname, pp, sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_NOMUTEX|sqlite3.SQLITE_OPEN_URI, 0)
	// SQLite may make a handle even when opening fails; its message is
	// on it, and Close closes it.
	c.db = *(*uintptr)(cmem(pp))
	if rc != sqlite3.SQLITE_OK {
		return c.err(rc)
	}
	sqlite3.Xsqlite3_extended_result_codes(c.tls, c.db, 1)
	return nil
}

// err is SQLite's error for result code rc, with the connection's message.
func (c *Conn) err(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	if c.db != 0 {
		if m := libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db)); m != "" && m != msg {
			msg += ": " + m
		}
	}
	return &Error{Code: int(rc), Msg: msg}
}

// BusyTimeout makes the connection wait up to ms milliseconds for a lock
// before it gives up with SQLITE_BUSY.
func (c *Conn) BusyTimeout(ms int) error {
	if c.db == 0 {
		return ErrClosed
	}
	if rc := sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, int32(ms)); rc != sqlite3.SQLITE_OK {
		return c.err(rc)
	}
	return nil
}

// Exec runs statements that return no rows worth reading (BEGIN, a
// PRAGMA that sets something).
func (c *Conn) Exec(sql string) error {
	if c.db == 0 {
		return ErrClosed
	}
	cs, err := libc.CString(sql)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, cs)
	if rc := sqlite3.Xsqlite3_exec(c.tls, c.db, cs, 0, 0, 0); rc != sqlite3.SQLITE_OK {
		return c.err(rc)
	}
	return nil
}

// Close finalizes the statements Prepare made that are still open and
// closes the connection; a Stmt of it used after that says ErrClosed.
// Closing again does nothing.
func (c *Conn) Close() error {
	if c.tls == nil {
		return nil
	}
	var err error
	if c.db != 0 {
		for s := range c.stmts {
			s.Close()
		}
		if rc := sqlite3.Xsqlite3_close_v2(c.tls, c.db); rc != sqlite3.SQLITE_OK {
			err = c.err(rc)
		}
		c.db = 0
	}
	c.tls.Close()
	c.tls = nil
	return err
}

// Stmt is one prepared statement of a Conn, stepped by the goroutine
// that uses the Conn.
type Stmt struct {
	c    *Conn
	stmt uintptr
}

// Prepare prepares the one statement in sql and binds args to its
// parameters ?1, ?2, ... in order.
func (c *Conn) Prepare(sql string, args ...int64) (*Stmt, error) {
	if c.db == 0 {
		return nil, ErrClosed
	}
	cs, err := libc.CString(sql)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, cs)
	pp := libc.Xmalloc(c.tls, 8)
	if pp == 0 {
		return nil, &Error{Code: sqlite3.SQLITE_NOMEM, Msg: "out of memory"}
	}
	defer libc.Xfree(c.tls, pp)
	*(*uintptr)(cmem(pp)) = 0
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, cs, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return nil, c.err(rc)
	}
	s := &Stmt{c: c, stmt: *(*uintptr)(cmem(pp))}
	if s.stmt == 0 {
		return nil, &Error{Code: sqlite3.SQLITE_MISUSE, Msg: "no statement in " + fmt.Sprintf("%q", sql)}
	}
	if c.stmts == nil {
		c.stmts = map[*Stmt]struct{}{}
	}
	c.stmts[s] = struct{}{}
	if n := int(sqlite3.Xsqlite3_bind_parameter_count(c.tls, s.stmt)); n != len(args) {
		s.Close()
		return nil, &Error{Code: sqlite3.SQLITE_RANGE, Msg: fmt.Sprintf("the statement takes %d parameters, not %d", n, len(args))}
	}
	for i, v := range args {
		if rc := sqlite3.Xsqlite3_bind_int64(c.tls, s.stmt, int32(i+1), v); rc != sqlite3.SQLITE_OK {
			err := c.err(rc)
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// Step moves to the next row: true when there is one, false when the
// statement is done or failed (the error).
func (s *Stmt) Step() (bool, error) {
	if s.stmt == 0 || s.c.db == 0 {
		return false, ErrClosed
	}
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.stmt); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.err(rc)
	}
}

// Int64 is column col (from 0) of the current row as an integer.
func (s *Stmt) Int64(col int) int64 {
	if s.stmt == 0 || s.c.db == 0 {
		return 0
	}
	return sqlite3.Xsqlite3_column_int64(s.c.tls, s.stmt, int32(col))
}

// Bytes is column col of the current row as bytes, nil when it is NULL or
// empty. They are SQLite's: valid only until the next Step or Close, and
// never to be written to; copy what must outlive the row.
func (s *Stmt) Bytes(col int) []byte {
	if s.stmt == 0 || s.c.db == 0 {
		return nil
	}
	p := sqlite3.Xsqlite3_column_blob(s.c.tls, s.stmt, int32(col))
	n := sqlite3.Xsqlite3_column_bytes(s.c.tls, s.stmt, int32(col))
	if p == 0 || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(cmem(p)), n)
}

// Null reports whether column col of the current row is NULL.
func (s *Stmt) Null(col int) bool {
	if s.stmt == 0 || s.c.db == 0 {
		return true
	}
	return sqlite3.Xsqlite3_column_type(s.c.tls, s.stmt, int32(col)) == sqlite3.SQLITE_NULL
}

// Text is column col of the current row as a string of its own.
func (s *Stmt) Text(col int) string { return string(s.Bytes(col)) }

// Close finalizes the statement; it returns the error of its last Step,
// if that failed. Closing again, or after the Conn, does nothing.
func (s *Stmt) Close() error {
	if s.stmt == 0 {
		return nil
	}
	var err error
	if s.c.db != 0 {
		if rc := sqlite3.Xsqlite3_finalize(s.c.tls, s.stmt); rc != sqlite3.SQLITE_OK {
			err = s.c.err(rc)
		}
	}
	delete(s.c.stmts, s)
	s.stmt = 0
	return err
}

// cmem is the memory at p, an address in libc's heap (Xmalloc's, or
// SQLite's own): not Go's, so the collector neither moves nor frees it,
// and holding it as a uintptr is sound. Adding p to nil says so without
// the uintptr-to-Pointer conversion go vet questions for Go memory.
func cmem(p uintptr) unsafe.Pointer { return unsafe.Add(nil, p) }
