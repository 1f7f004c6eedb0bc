package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// A database signoff creates has 16 KiB pages and a WAL journal; one made
// before, with SQLite's 4 KiB, keeps its pages and opens as it did.
func TestNewDatabasePageSize(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	fresh := filepath.Join(dir, "fresh.db")
	d, err := Open(ctx, fresh, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	if got := pragmaInt(t, d.sql, "page_size"); got != pageSize {
		t.Errorf("a new database has %d-byte pages, want %d", got, pageSize)
	}
	var mode string
	if err := d.sql.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
	d.Close()

	// An older database: the same record in a file of 4 KiB pages.
	old := filepath.Join(dir, "old.db")
	plain, err := sql.Open("sqlite", fresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.Exec("PRAGMA page_size = 4096; VACUUM INTO ?", old); err != nil {
		t.Fatal(err)
	}
	plain.Close()
	o, err := Open(ctx, old, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if got := pragmaInt(t, o.sql, "page_size"); got != 4096 {
		t.Errorf("an older database has %d-byte pages after opening, want its 4096", got)
	}
	if res, err := o.Verify(ctx); err != nil || !res.Intact {
		t.Errorf("the older database does not verify: %s, %v", res, err)
	}
}

func pragmaInt(t *testing.T, db *sql.DB, name string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("PRAGMA " + name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
