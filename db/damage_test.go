package db

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// damagePage overwrites most of the b-tree page that holds the root of
// the named table or index, as a failing disk would.
func damagePage(t *testing.T, path, name string) {
	t.Helper()
	var root int64
	plain := openPlain(t, path)
	if err := plain.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", name).Scan(&root); err != nil {
		t.Fatal(err)
	}
	var size int64
	if err := plain.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	plain.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := []byte(strings.Repeat("\xff\x13", 1500))
	if _, err := f.WriteAt(junk, (root-1)*size+8); err != nil {
		t.Fatal(err)
	}
}

// A damaged file is named as such by verify (SQLite's own integrity
// check), by any read that meets the damage, and no write goes into it
// until a restored copy has verified clean.
func TestADamagedFileIsNamedAndNotWrittenInto(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	d, err := Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	d.Close()
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// events_time is an index verify's own reading never uses: only
	// SQLite's integrity check can see it damaged.
	damagePage(t, path, "events_time")

	d, err = Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Intact || len(res.Damage) == 0 || !strings.Contains(res.String(), "the database file is damaged: SQLite's integrity check reports") {
		t.Fatalf("verify says %s", res)
	}
	_, err = d.TimelineAfter(ctx, "INC-1", nil, 10)
	wantError(t, err, model.EINVALID, "the database file "+path+" is damaged")
	d.Close()

	// Another process, later: the damage found is kept beside the file.
	d, err = Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"})
	wantError(t, err, model.EINVALID, "is damaged (SQLite's integrity check: ")
	wantError(t, err, model.EINVALID, "so nothing more is written into it; restore it from a copy, then run `signoff verify`")
	d.Close()

	// Restored from a copy and verified, it is used again.
	if err := os.WriteFile(path, good, 0o600); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, path, fixedClock)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if res, err := d.Verify(ctx); err != nil || !res.Intact {
		t.Fatalf("the restored copy: %s, %v", res, err)
	}
	if _, err := os.Stat(path + damagedSuffix); err == nil {
		t.Error("the note of the damage outlived a clean verify")
	}
	if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
		t.Errorf("a write into the restored copy: %v", err)
	}
}

// openPlain opens the file with no signoff in between, as a sqlite3 shell would.
func openPlain(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
