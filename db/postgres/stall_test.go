package postgres

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// engineIn opens this engine on the test server in a schema of its own.
func engineIn(t *testing.T) *Engine {
	t.Helper()
	address := os.Getenv("SIGNOFF_TEST_POSTGRES")
	if address == "" {
		t.Skip("PostgreSQL tests skipped: set SIGNOFF_TEST_POSTGRES=postgres://USER@HOST:PORT/DATABASE to run them (.ci/run starts a server and does)")
	}
	admin, err := sql.Open("pgx", address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [5]byte
	rand.Read(b[:])
	schema := "t_stall_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	e, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// A writer that stops sending while it holds the record's lock (SIGSTOP,
// a suspended laptop, a stalled pipe) does not keep every other writer
// out for good: the server ends its transaction, the next writer gets the
// lock, and the stalled one, when it wakes, is told its write was ended
// and not recorded.
func TestAStalledWriterDoesNotHoldTheLockForGood(t *testing.T) {
	e := engineIn(t)
	ctx := context.Background()
	defer func(w, i time.Duration) { lockWait, writeIdle = w, i }(lockWait, writeIdle)
	lockWait, writeIdle = 20*time.Second, 500*time.Millisecond

	stalled, err := e.BeginWrite(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Rollback()
	next, err := e.BeginWrite(ctx)
	if err != nil {
		t.Fatalf("a writer behind a stalled one: %v", e.Fail(err))
	}
	next.Rollback()

	_, err = stalled.ExecContext(ctx, "SELECT 1")
	if err == nil {
		err = stalled.Commit()
	}
	said := e.Fail(err)
	if err == nil || model.ErrorCode(said) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(said), "nothing of it was recorded") {
		t.Errorf("the stalled writer, woken, is told %v (%s)", said, model.ErrorCode(said))
	}
}

// A read behind a table lock that is never let go (taken by someone with
// the application role's address, which may lock the tables it may
// change) gives up after the wait a writer gives the record's lock, with
// the sentence a writer gets, instead of hanging for good.
func TestAReadBehindATableLockGivesUp(t *testing.T) {
	defer func(w time.Duration) { lockWait = w }(lockWait)
	lockWait = time.Second
	e := engineIn(t)
	holder, err := sql.Open("pgx", os.Getenv("SIGNOFF_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	lock, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.Exec("LOCK TABLE " + e.Schema() + ".suggestion_cells IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tx, err := e.DB().BeginTx(ctx, e.ReadOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var n int
	err = tx.QueryRowContext(ctx, "SELECT count(*) FROM suggestion_cells").Scan(&n)
	if said := e.Fail(err); model.ErrorCode(said) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(said), "busy") {
		t.Errorf("the read behind the lock ended with %v (%s)", said, model.ErrorCode(said))
	}
}
