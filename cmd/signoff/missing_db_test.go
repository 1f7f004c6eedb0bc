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

// A database path in a folder that is not there is said as such, naming
// the folder and the flag that gave the path: the driver's "cannot create
// the database …: no such file or directory" named neither, "signoff init
// makes one there" could not, and copy named its own scratch file
// (x.db.incomplete-copy-PID). Nothing is made.
func TestADatabaseInAMissingFolderIsSaid(t *testing.T) {
	dir := t.TempDir()
	gone := filepath.Join(dir, "no-such-folder")
	path := filepath.Join(gone, "signoff.db")
	good := demoDB(t)
	doc := filepath.Join("..", "..", "fixtures", "incidents", "inc-2046-mcp-token-open-queue.json")
	cases := []struct {
		db   string
		args []string
		want string
	}{
		{path, []string{"init"}, "cannot create the database " + path + ": there is no folder " + gone + "; create the folder first, or give --db a path"},
		{path, []string{"import", doc}, "there is no folder " + gone + "; create the folder first, or give --db"},
		{path, []string{"demo", "--no-open"}, "there is no folder " + gone + "; create the folder first, or give --db"},
		{path, []string{"incidents"}, "there is no signoff database at " + path + ", nor a folder " + gone + " for one"},
		{good, []string{"copy", "--from", good, "--to", path}, "there is no folder " + gone + "; create the folder first, or give --to"},
		{good, []string{"copy", "--from", path, "--to", filepath.Join(dir, "copy.db")}, "there is no signoff database at " + path + " to copy from: check the path --from gives"},
	}
	for _, c := range cases {
		r := signoff(t, c.db, "", c.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line saying %q", c.args, r.code, r.stderr, c.want)
		}
		for _, made := range []string{gone, filepath.Join(dir, "copy.db")} {
			if _, err := os.Stat(made); err == nil {
				t.Fatalf("%v made %s", c.args, made)
			}
		}
	}
}
