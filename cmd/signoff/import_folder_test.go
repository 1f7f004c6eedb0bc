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
