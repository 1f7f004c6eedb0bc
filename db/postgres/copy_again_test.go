package postgres_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/signoff/signoff/db"
)

// A copy stopped part way leaves the rows it wrote behind, dead, and the
// next copy into the same schema walked them at every statement (the
// chain's in-line check looks past each statement's entries): a
// million-event copy ran more than six times as long. The copy clears them first,
// so it writes the tables a copy into a fresh schema writes.
func TestACopyAfterOneStoppedPartWayWritesTheTablesAFreshCopyWrites(t *testing.T) {
	ctx := context.Background()
	src, err := db.Open(ctx, t.TempDir()+"/src.db")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	importFixture(t, src, "inc-2041-ide-extension-token-theft.json")
	size := func(stopped bool) int64 {
		owner, _, schema := roles(t)
		dst, err := db.Open(ctx, as(t, owner, schema))
		if err != nil {
			t.Fatal(err)
		}
		defer dst.Close()
		ownerDB, err := sql.Open("pgx", as(t, owner, schema))
		if err != nil {
			t.Fatal(err)
		}
		defer ownerDB.Close()
		if stopped {
			// What a copy killed part way leaves: rows written, never committed.
			tx, err := ownerDB.Begin()
			if err != nil {
				t.Fatal(err)
			}
			exec := func(q string) {
				if _, err := tx.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			exec("INSERT INTO chain SELECT g, 0, 'x', 'x', 'x', 'x', repeat('x', 500), '\\x00', '\\x00' FROM generate_series(1, 20000) g")
			tx.Rollback()
		}
		if _, err := db.Copy(ctx, src, dst, nil); err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := ownerDB.QueryRow("SELECT pg_relation_size('chain')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if fresh, again := size(false), size(true); again != fresh {
		t.Errorf("the chain takes %d bytes after a copy stopped part way and another, %d after a copy into a fresh schema", again, fresh)
	}
}
