package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/signoff/signoff/db/postgres"
)

// portalEngine is an engine on a schema of its own, with one connection,
// so that what one transaction leaves on it the next one sees.
func portalEngine(t *testing.T) *sql.DB {
	admin := server(t)
	exec(t, admin, "DROP SCHEMA IF EXISTS signoff_portals CASCADE", "CREATE SCHEMA signoff_portals")
	t.Cleanup(func() { admin.Exec("DROP SCHEMA signoff_portals CASCADE") })
	e, err := postgres.Open(context.Background(), as(t, userOf(t), "signoff_portals"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	e.DB().SetMaxOpenConns(1)
	return e.DB()
}

// Inside a transaction the store reads several queries side by side (verify
// walks the chain beside each table): each stays open, batch after batch,
// while the others run.
func TestQueriesOfATransactionReadSideBySide(t *testing.T) {
	d := portalEngine(t)
	tx, err := d.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	const long = 5000 // more than the first and the next batch
	walk, err := tx.Query("SELECT g, 'row ' || g FROM generate_series(1, ?) g", long)
	if err != nil {
		t.Fatal(err)
	}
	defer walk.Close()
	sum, n := 0, 0
	for walk.Next() {
		var g int
		var text string
		if err := walk.Scan(&g, &text); err != nil {
			t.Fatal(err)
		}
		sum, n = sum+g, n+1
		if n%1000 == 0 {
			// A second query, read whole, and a third left open.
			var got int
			if err := tx.QueryRow("SELECT count(*) FROM generate_series(1, ?)", n).Scan(&got); err != nil || got != n {
				t.Fatalf("a query beside the walk at row %d: %d, %v", n, got, err)
			}
			other, err := tx.Query("SELECT g FROM generate_series(1, 3) g")
			if err != nil {
				t.Fatal(err)
			}
			other.Next()
			defer other.Close()
		}
	}
	if err := walk.Err(); err != nil {
		t.Fatal(err)
	}
	if n != long || sum != long*(long+1)/2 {
		t.Errorf("the walk read %d rows summing to %d, want %d summing to %d", n, sum, long, long*(long+1)/2)
	}
}

// A query the store runs again is parsed once per connection: later runs
// bind the statement kept.
func TestAQueryIsPreparedOncePerConnection(t *testing.T) {
	d := portalEngine(t)
	const query = "SELECT g, (SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'signoff_s%') FROM generate_series(1, ?) g"
	var counts []int
	for range 3 {
		tx, err := d.Begin()
		if err != nil {
			t.Fatal(err)
		}
		var g, prepared int
		if err := tx.QueryRow(query, 1).Scan(&g, &prepared); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		counts = append(counts, prepared)
	}
	if counts[0] < 1 || counts[1] != counts[0] || counts[2] != counts[0] {
		t.Errorf("statements prepared at each run: %v, want the same number, at least one, each time", counts)
	}
}

// A query that fails says why, as the server put it, and the connection
// serves the next transaction.
func TestAFailedQueryLeavesTheConnectionUsable(t *testing.T) {
	d := portalEngine(t)
	tx, err := d.Begin()
	if err != nil {
		t.Fatal(err)
	}
	var got int
	err = tx.QueryRow("SELECT 1 / g FROM generate_series(0, ?) g", 1).Scan(&got)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "22012" {
		t.Errorf("dividing by zero: %v, want the server's division_by_zero", err)
	}
	tx.Rollback()
	tx, err = d.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.QueryRow("SELECT 2 / g FROM generate_series(1, ?) g", 1).Scan(&got); err != nil || got != 2 {
		t.Errorf("the next transaction's query: %d, %v", got, err)
	}
}

// A kept statement whose table changed shape (another signoff migrated
// the schema) fails once, as the server refuses it, and is prepared anew
// for the next read.
func TestAStatementWhoseTableChangedIsPreparedAnew(t *testing.T) {
	d := portalEngine(t)
	if _, err := d.Exec("CREATE TABLE shape (a integer)"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec("INSERT INTO shape VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	read := func() ([]any, error) {
		tx, err := d.Begin()
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		rows, err := tx.Query("SELECT * FROM shape WHERE a = ?", 1)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		columns, _ := rows.Columns()
		values := make([]any, len(columns))
		pointers := make([]any, len(columns))
		for i := range values {
			pointers[i] = &values[i]
		}
		for rows.Next() {
			if err := rows.Scan(pointers...); err != nil {
				return nil, err
			}
		}
		return values, rows.Err()
	}
	if _, err := read(); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec("ALTER TABLE shape ADD COLUMN b text DEFAULT 'x'"); err != nil {
		t.Fatal(err)
	}
	read() // the server may refuse the statement kept, once
	got, err := read()
	if err != nil || len(got) != 2 || got[1] != "x" {
		t.Errorf("reading after the table changed: %v, %v; want [1 x]", got, err)
	}
}

// A walk whose context ends stops waiting for its next batch: the server
// may take a long time over it, and the person gave up.
func TestACancelledWalkDoesNotWaitOutItsNextBatch(t *testing.T) {
	d := portalEngine(t)
	tx, err := d.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The first batch comes at once; a row after it takes half a minute.
	walk, err := tx.QueryContext(ctx, "SELECT g, CASE WHEN g = 3000 THEN pg_sleep(30) END FROM generate_series(1, 4000) g")
	if err != nil {
		t.Fatal(err)
	}
	defer walk.Close()
	if !walk.Next() {
		t.Fatal(walk.Err())
	}
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	start := time.Now()
	for walk.Next() {
	}
	if waited := time.Since(start); waited > 20*time.Second {
		t.Errorf("the walk waited %s for a batch after its context ended", waited.Round(time.Second))
	}
	if walk.Err() == nil {
		t.Error("a walk cut short by its context ended without an error")
	}
}
