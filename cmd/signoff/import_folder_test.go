package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A folder named like an import file is said to be a folder, once, not
// with the system's "read PATH: is a directory" after the path again.
func TestImportOfAFolderSaysItIsAFolder(t *testing.T) {
	path := tempDB(t)
	dir := filepath.Join(t.TempDir(), "feed.ndjson")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	r := signoff(t, path, "", "import", dir)
	want := "signoff: " + dir + " is a folder, not a file\n"
	if r.code != exitUsage || !strings.HasPrefix(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, exitUsage, want)
	}
}

// An import of files none of which can be read, on a path with no
// database, makes none: a mistyped name on a fresh machine left an empty
// database behind (a new user's trial). When one of them can be read,
// the database is made and that file imported, as before.
func TestAnImportOfNothingReadableMakesNoDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	r := signoff(t, path, "", "import", filepath.Join(dir, "nope.json"), filepath.Join(dir, "notes.txt"), dir+".ndjson")
	if r.code != 2 || !strings.Contains(r.stderr, "cannot read") || !strings.Contains(r.stderr, "unknown file type") ||
		!strings.Contains(r.stderr, "3 of 3 files were refused") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the refused import left %d files in the folder: %v", len(left), left)
	}
	good := filepath.Join("..", "..", "fixtures", "incidents", "inc-2041-ide-extension-token-theft.json")
	r = signoff(t, path, "", "import", filepath.Join(dir, "nope.json"), good)
	if r.code != 2 || !strings.Contains(r.stdout, "imported INC-2041") || !strings.Contains(r.stderr, "1 of 2 files was refused") {
		t.Errorf("with one readable file: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
