package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command that reads the record refuses a path with no database file
// rather than making an empty one there: a mistyped --db answered verify
// with "intact: 0 entries" and exit 0, and left the empty file behind.
func TestAMissingDatabaseFileIsSaidAndNotMade(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "signof.db")
	for _, args := range [][]string{
		{"verify"}, {"incidents"}, {"findings", "INC-2041"}, {"export", "INC-2041"}, {"metrics"}, {"pending"},
		{"copy", "--from", typo, "--to", filepath.Join(dir, "copy.db")},
	} {
		r := signoff(t, typo, "", args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "there is no signoff database at "+typo) {
			t.Errorf("%v on a missing file: exit %d, %q", args, r.code, r.stderr)
		}
		for _, name := range []string{"signof.db", "copy.db"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Fatalf("%v made %s", args, name)
			}
		}
	}
	// The commands that bring records in make it.
	if r := signoff(t, typo, "", "init"); r.code != 0 {
		t.Fatalf("init: exit %d, %s", r.code, r.stderr)
	}
	if r := signoff(t, typo, "", "verify"); r.code != 0 {
		t.Errorf("verify of the new database: exit %d, %s", r.code, r.stderr)
	}
}
