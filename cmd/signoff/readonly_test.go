//go:build unix

package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir is a directory any user may write, like a team's shared folder.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "signoff-shared-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}

// otherUser is the user the processes of a test run as: the test's own,
// or nobody when the test runs as root, for whom every file is writable.
func otherUser(t *testing.T, path string) int {
	t.Helper()
	if os.Geteuid() != 0 {
		return -1
	}
	const nobody = 65534
	if err := os.Chown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	return nobody
}

// Reading a database the user may not write used to leave a -shm of mode
// 0444 behind, after which writes and even verify failed until someone
// deleted it by hand.
func TestAReadOnlyDatabaseIsReadAndLeavesNothingBehind(t *testing.T) {
	path := filepath.Join(sharedDir(t), "team.db")
	if r := signoff(t, path, "", "demo", "--no-open"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	uid := otherUser(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"incidents"}, 0, "INC-2046"},
		{[]string{"verify"}, 0, "the audit chain is intact"},
		{[]string{"report", "INC-2041"}, 0, "INC-2041"},
		{[]string{"--as", "mara", "annotate", "INC-2046/S1", "--verdict", "followed"}, 2, "is read-only for this user, so nothing can be recorded in it"},
	}
	for _, s := range steps {
		r := process(t, uid, append([]string{"--db", path}, s.args...)...)
		if r.code != s.code || !strings.Contains(r.stdout+r.stderr, s.output) {
			t.Fatalf("%v on a read-only file: exit %d, %q %q; want exit %d with %q", s.args, r.code, r.stdout, r.stderr, s.code, s.output)
		}
		for _, side := range []string{"-shm", "-wal", "-journal", damagedSuffixForTest} {
			if _, err := os.Stat(path + side); err == nil {
				t.Fatalf("%v left %s%s behind", s.args, filepath.Base(path), side)
			}
		}
	}
	// Made writable again, the file is used as if nothing had happened.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--as", "mara", "annotate", "INC-2046/S1", "--verdict", "followed"}, {"verify"}} {
		if r := process(t, uid, append([]string{"--db", path}, args...)...); r.code != 0 {
			t.Fatalf("%v once writable: exit %d: %s", args, r.code, r.stderr)
		}
	}
}

const damagedSuffixForTest = "-damaged"

// A damaged file is named as such by whatever meets the damage, with what
// to do, and nothing more is written into it.
func TestADamagedDatabaseIsNamedAndNotWrittenInto(t *testing.T) {
	path := demoDB(t)
	var root int64
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = 'incident_counts'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	var size int64
	if err := db.QueryRow("PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	db.Close()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xff\x13", 1500)), (root-1)*size+8)
	f.Close()
	steps := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"incidents"}, 2, "is damaged"},
		{[]string{"--as", "mara", "annotate", "INC-2046/S1", "--verdict", "followed"}, 2, "so nothing more is written into it; restore it from a copy, then run `signoff verify`"},
		{[]string{"verify"}, 1, "the database file is damaged: SQLite's integrity check reports"},
	}
	for _, s := range steps {
		r := signoff(t, path, "", s.args...)
		if r.code != s.code || !strings.Contains(r.stderr, s.stderr) || !strings.Contains(r.stderr, "restore it from a copy") {
			t.Errorf("%v: exit %d, %q; want exit %d with %q", s.args, r.code, r.stderr, s.code, s.stderr)
		}
	}
}

// A writable file in a folder the user may not write used to refuse even
// reading ("read-only for this user"): SQLite could not create its -wal and
// -shm there. It is read as a read-only file is, and a write names the
// folder.
func TestAWritableFileInAReadOnlyFolderIsRead(t *testing.T) {
	dir := sharedDir(t)
	path := filepath.Join(dir, "team.db")
	if r := signoff(t, path, "", "demo", "--no-open"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	uid := otherUser(t, path)
	if uid >= 0 {
		otherUser(t, dir)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o777) })
	steps := []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"incidents"}, 0, "INC-2046"},
		{[]string{"verify"}, 0, "the audit chain is intact"},
		{[]string{"--as", "mara", "annotate", "INC-2046/S1", "--verdict", "followed"}, 2, "the folder " + dir + " holding it is read-only for this user"},
	}
	for _, s := range steps {
		r := process(t, uid, append([]string{"--db", path}, s.args...)...)
		if r.code != s.code || !strings.Contains(r.stdout+r.stderr, s.output) {
			t.Errorf("%v in a read-only folder: exit %d, %q %q; want exit %d with %q", s.args, r.code, r.stdout, r.stderr, s.code, s.output)
		}
	}
}
