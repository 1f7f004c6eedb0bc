package sqliteread

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"modernc.org/libc"
	_ "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// made is a database file with a table t(n, b) holding rows 1 to 3.
func made(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, q := range []string{
		"PRAGMA journal_mode=WAL",
		"CREATE TABLE t(n INTEGER PRIMARY KEY, b BLOB)",
		"INSERT INTO t VALUES (1, 'one'), (2, x'00ff'), (3, NULL)",
	} {
		if _, err := d.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func code(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return -1
}

func TestReadsRowsBetweenParameters(t *testing.T) {
	c, err := Open(made(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.BusyTimeout(5000); err != nil {
		t.Fatal(err)
	}
	s, err := c.Prepare("SELECT n, b FROM t WHERE n BETWEEN ?1 AND ?2 ORDER BY n", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		ok, err := s.Step()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		got = append(got, strings.Join([]string{string(rune('0' + s.Int64(0))), s.Text(1)}, ":"))
		if s.Int64(0) == 3 && s.Bytes(1) != nil {
			t.Errorf("a NULL column reads as %q, want nil", s.Bytes(1))
		}
		if null := s.Null(1); null != (s.Int64(0) == 3) {
			t.Errorf("row %d: Null says %v", s.Int64(0), null)
		}
	}
	if want := []string{"2:\x00\xff", "3:"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("rows %q, want %q", got, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpeningAMissingFileFailsAndCreatesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	c, err := Open(path)
	if err == nil {
		c.Close()
		t.Fatal("opened a file that does not exist")
	}
	if code(err)&0xff != sqlite3.SQLITE_CANTOPEN {
		t.Errorf("error %v, want SQLITE_CANTOPEN", err)
	}
	if m, _ := filepath.Glob(path + "*"); len(m) > 0 {
		t.Errorf("opening read-only made %v", m)
	}
}

func TestABadStatementSaysSQLitesMessage(t *testing.T) {
	c, err := Open(made(t))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, q := range []string{"SELECT nocolumn FROM t", "SELEKT 1", "SELECT n FROM t WHERE n = ?1"} {
		if s, err := c.Prepare(q); err == nil {
			s.Close()
			t.Errorf("%q prepared", q)
		} else if code(err) < 0 || err.Error() == "" {
			t.Errorf("%q: error %v is not SQLite's", q, err)
		}
	}
	_, err = c.Prepare("SELECT nocolumn FROM t")
	if !strings.Contains(err.Error(), "no such column: nocolumn") {
		t.Errorf("error %q does not carry SQLite's message", err)
	}
	if err := c.Exec("INSERT INTO t VALUES (4, 'four')"); code(err)&0xff != sqlite3.SQLITE_READONLY {
		t.Errorf("a write on a read-only connection: %v, want SQLITE_READONLY", err)
	}
}

func TestAClosedConnectionRefusesEverything(t *testing.T) {
	c, err := Open(made(t))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Prepare("SELECT n FROM t")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Step(); !ok || err != nil {
		t.Fatalf("step: %v %v", ok, err)
	}
	if err := c.Close(); err != nil { // finalizes s
		t.Fatal(err)
	}
	if _, err := s.Step(); err != ErrClosed {
		t.Errorf("step after close: %v", err)
	}
	if s.Int64(0) != 0 || s.Bytes(0) != nil {
		t.Error("a closed statement reads a row")
	}
	if _, err := c.Prepare("SELECT 1"); err != ErrClosed {
		t.Errorf("prepare after close: %v", err)
	}
	if err := c.Exec("BEGIN"); err != ErrClosed {
		t.Errorf("exec after close: %v", err)
	}
	if err := c.BusyTimeout(1); err != ErrClosed {
		t.Errorf("busy timeout after close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("closing a statement after its connection: %v", err)
	}
	if err := c.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
}

// A read transaction keeps what it read while another connection writes.
func TestABegunReadKeepsItsSnapshot(t *testing.T) {
	path := made(t)
	c, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Exec("BEGIN"); err != nil {
		t.Fatal(err)
	}
	count := func() int64 {
		s, err := c.Prepare("SELECT count(*) FROM t")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if ok, err := s.Step(); !ok || err != nil {
			t.Fatalf("step: %v %v", ok, err)
		}
		return s.Int64(0)
	}
	before := count()
	w, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.Exec("INSERT INTO t VALUES (4, 'four')"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before {
		t.Errorf("the read saw %d rows, then %d", before, n)
	}
	if err := c.Exec("COMMIT"); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before+1 {
		t.Errorf("after its end the read sees %d rows, want %d", n, before+1)
	}
}

// Every C allocation is freed: opening, preparing, stepping and closing,
// and each way of failing, leave libc's heap as they found it. libc counts
// its allocations only when built with -tags memory.counters:
//
//	go test -tags memory.counters ./db/sqliteread/
func TestNothingIsLeftInLibcsHeap(t *testing.T) {
	path := made(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	round := func() {
		if c, err := Open(missing); err == nil {
			c.Close()
		}
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		c.BusyTimeout(5000)
		c.Exec("BEGIN")
		if _, err := c.Prepare("SELEKT 1"); err == nil {
			t.Fatal("a bad statement prepared")
		}
		if _, err := c.Prepare("SELECT n FROM t WHERE n > ?1", 1, 2); err == nil {
			t.Fatal("a statement took more arguments than parameters")
		}
		s, err := c.Prepare("SELECT n, b FROM t WHERE n >= ?1", 1)
		if err != nil {
			t.Fatal(err)
		}
		for ok, _ := s.Step(); ok; ok, _ = s.Step() {
			_ = s.Text(1)
		}
		s.Close()
		left, err := c.Prepare("SELECT n FROM t")
		if err != nil {
			t.Fatal(err)
		}
		left.Step()
		c.Exec("COMMIT")
		c.Close() // finalizes left
		left.Close()
	}
	for range 20 { // SQLite's caches and libc's pools reach their size
		round()
	}
	before := libc.MemStat()
	if before.Allocs == 0 && before.Bytes == 0 {
		t.Skip("libc counts its allocations only with -tags memory.counters")
	}
	for range 200 {
		round()
	}
	after := libc.MemStat()
	if n := after.Allocs - before.Allocs; n > 20 {
		t.Errorf("200 rounds left %d allocations (%d bytes) in libc's heap", n, after.Bytes-before.Bytes)
	}
}

// An FTS5 table keeps statements of its own on the connection and
// finalizes them when the connection closes: Close must leave them to it.
// Finalizing every statement the connection held freed those twice.
func TestCloseLeavesTheStatementsSQLiteKeepsToIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fts.db")
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE VIRTUAL TABLE f USING fts5(body, tokenize='trigram')",
		"INSERT INTO f VALUES ('isolate host web-03'), ('block 198.51.100.7')",
	} {
		if _, err := d.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()
	for range 20 {
		c, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := c.Prepare("SELECT count(*) FROM f WHERE f MATCH 'host'")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Step(); !ok || err != nil || s.Int64(0) != 1 {
			t.Fatalf("step: %v %v %d", ok, err, s.Int64(0))
		}
		if err := c.Exec("PRAGMA quick_check"); err != nil {
			t.Fatal(err)
		}
		// s is left open on purpose: Close finalizes it, and only it.
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Step(); err != ErrClosed {
			t.Fatalf("a statement stepped after Close: %v, want ErrClosed", err)
		}
	}
}

// Bytes are the stored bytes: a database keeping its text as UTF-16 is
// refused, not read as UTF-16 where database/sql reads UTF-8.
func TestOpenRefusesADatabaseThatStoresUTF16(t *testing.T) {
	path := filepath.Join(t.TempDir(), "u16.db")
	d, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec("PRAGMA encoding = 'UTF-16le'; CREATE TABLE t (s TEXT); INSERT INTO t VALUES ('INC-1')"); err != nil {
		t.Fatal(err)
	}
	d.Close()
	c, err := Open(path)
	if err != ErrNotUTF8 {
		if c != nil {
			c.Close()
		}
		t.Fatalf("Open of a UTF-16 database: %v, want ErrNotUTF8", err)
	}
}
