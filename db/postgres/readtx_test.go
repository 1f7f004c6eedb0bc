package postgres

import (
	"context"
	"database/sql"
	"net"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// countedConn counts what the client sends the server: each write is a
// round trip of the protocol, or an end sent without waiting.
type countedConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countedConn) Write(b []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(b)
}

// readPool is a pool of this engine's connections (one at most) to the
// test server, whose writes are counted.
func readPool(t *testing.T) (*sql.DB, *atomic.Int64) {
	t.Helper()
	address := os.Getenv("SIGNOFF_TEST_POSTGRES")
	if address == "" {
		t.Skip("PostgreSQL tests skipped: set SIGNOFF_TEST_POSTGRES=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)")
	}
	config, err := pgx.ParseConfig(address)
	if err != nil {
		t.Fatal(err)
	}
	writes := new(atomic.Int64)
	dial := config.DialFunc
	config.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return countedConn{conn, writes}, nil
	}
	pool := sql.OpenDB(connector{stdlib.GetConnector(*config)})
	pool.SetMaxOpenConns(1)
	t.Cleanup(func() { pool.Close() })
	return pool, writes
}

var readOnly = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}

// read is one read of the store's shape: a read-only transaction of
// query, rolled back.
func read(t *testing.T, pool *sql.DB, query string, args ...any) int64 {
	t.Helper()
	tx, err := pool.BeginTx(context.Background(), readOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A read of one query is one round trip: its BEGIN goes with the query,
// and its end is sent without waiting (its answer is read with the next
// read's query), where it was three (BEGIN, the query, ROLLBACK).
func TestAReadOfOneQueryIsOneRoundTrip(t *testing.T) {
	pool, writes := readPool(t)
	const query = "SELECT count(*) FROM generate_series(1, ?)"
	read(t, pool, query, 3) // connects and prepares
	for i := int64(1); i <= 3; i++ {
		before := writes.Load()
		if n := read(t, pool, query, 10*i); n != 10*i {
			t.Fatalf("read %d counted %d rows", 10*i, n)
		}
		if sent := writes.Load() - before; sent != 2 {
			t.Errorf("read %d sent the server %d messages; want 2 (the BEGIN with the query, and the end)", i, sent)
		}
	}
}

// A read begun with its first query is still one snapshot: a write
// committed between its two queries is not seen by the second.
func TestAReadBegunWithItsQueryIsOneSnapshot(t *testing.T) {
	pool, _ := readPool(t)
	admin, err := sql.Open("pgx", os.Getenv("SIGNOFF_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, s := range []string{"DROP TABLE IF EXISTS signoff_snapshot", "CREATE TABLE signoff_snapshot (n int)", "INSERT INTO signoff_snapshot VALUES (1)"} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { admin.Exec("DROP TABLE signoff_snapshot") })
	tx, err := pool.BeginTx(context.Background(), readOnly)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var first, second int
	if err := tx.QueryRow("SELECT count(*) FROM signoff_snapshot").Scan(&first); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("INSERT INTO signoff_snapshot VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow("SELECT count(*) FROM signoff_snapshot").Scan(&second); err != nil {
		t.Fatal(err)
	}
	if first != 1 || second != 1 {
		t.Errorf("the read counted %d rows, then %d after another connection's insert; want 1 both times", first, second)
	}
	if _, err := tx.Exec("CREATE TABLE signoff_refused (n int)"); err == nil {
		t.Error("a read-only transaction created a table")
	}
}

// After a read whose end was not waited for, whatever comes next on the
// connection reads its own answer: a write, and a query outside a
// transaction longer than a portal's first batch.
func TestWhatFollowsAReadReadsItsOwnAnswer(t *testing.T) {
	pool, _ := readPool(t)
	read(t, pool, "SELECT 1")
	if _, err := pool.Exec("SELECT set_config('application_name', 'signoff_after_read', false)"); err != nil {
		t.Fatalf("an exec after a read: %v", err)
	}
	read(t, pool, "SELECT 1")
	rows, err := pool.Query("SELECT g FROM generate_series(1, ?) g", 3*firstFetch)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	if err := rows.Err(); err != nil || n != 3*firstFetch {
		t.Errorf("a query after a read read %d rows (%v); want %d", n, err, 3*firstFetch)
	}
	if n := read(t, pool, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'signoff_after_read'"); n != 1 {
		t.Errorf("the connection's own setting is seen by %d sessions; want 1", n)
	}
}

// A read on a connection the server ended while it sat in the pool (a
// restart) begins again on a new connection, as database/sql begins again
// when a BEGIN finds its connection gone: the reader sees no error.
func TestAReadOnAConnectionTheServerEndedBeginsAgain(t *testing.T) {
	pool, _ := readPool(t)
	pid := read(t, pool, "SELECT pg_backend_pid()")
	endBackend(t, pid)
	if again := read(t, pool, "SELECT pg_backend_pid()"); again == pid {
		t.Errorf("the read ran on the ended connection %d", pid)
	}
}

// A write on a connection the server ended after a read (whose end's
// answer was still owed) begins on another connection: nothing of it was
// sent.
func TestAWriteAfterAReadOnAnEndedConnectionBeginsOnAnother(t *testing.T) {
	pool, _ := readPool(t)
	pid := read(t, pool, "SELECT pg_backend_pid()")
	endBackend(t, pid)
	tx, err := pool.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatalf("a write's BEGIN after the connection ended: %v", err)
	}
	defer tx.Rollback()
	var again int64
	if err := tx.QueryRow("SELECT pg_backend_pid()").Scan(&again); err != nil || again == pid {
		t.Errorf("the write ran on connection %d (%v); the ended one was %d", again, err, pid)
	}
}

// endBackend has the server end the session pid, as a restart would.
func endBackend(t *testing.T, pid int64) {
	t.Helper()
	admin, err := sql.Open("pgx", os.Getenv("SIGNOFF_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var ended bool
	if err := admin.QueryRow("SELECT pg_terminate_backend($1)", pid).Scan(&ended); err != nil || !ended {
		t.Fatalf("ending the pool's connection: %v, %v", ended, err)
	}
}
