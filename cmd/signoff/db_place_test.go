package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --db that no database can be at is said in words, with what to do,
// for the commands that make one and those that only open one: a path
// under a regular file (the system said "not a directory") and a folder
// named like the database. Nothing is made.
func TestADatabasePathThatCannotBeIsSaidInWords(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "team.db")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path string
		want       []string
	}{
		{"under a file", filepath.Join(file, "signoff.db"), []string{file + " is a file, not a folder", "give a database path in a folder"}},
		{"under a file, deeper", filepath.Join(file, "sub", "signoff.db"), []string{file + " is a file, not a folder", "give a database path in a folder"}},
		{"a folder", folder, []string{folder + " is a folder, not a signoff database", "such as " + filepath.Join(folder, "signoff.db")}},
	} {
		for _, args := range [][]string{{"init"}, {"incidents"}, {"demo", "--no-open"}} {
			t.Run(c.name+", "+args[0], func(t *testing.T) {
				r := signoff(t, c.path, "", args...)
				for _, w := range c.want {
					if r.code != exitUsage || !strings.Contains(r.stderr, w) {
						t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, w)
					}
				}
				if strings.Contains(r.stderr, "not a directory") || strings.Contains(r.stderr, "is a directory") {
					t.Errorf("the system's words reach the person: %q", r.stderr)
				}
			})
		}
	}
	if left, _ := os.ReadDir(folder); len(left) != 0 {
		t.Errorf("the refused commands left %d files in the folder", len(left))
	}
}
