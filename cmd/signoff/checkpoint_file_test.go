package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A checkpoint is about 5 KB. A file far larger (a log pasted by mistake,
// or one made to exhaust memory) is refused before it is read whole.
func TestAHugeCheckpointFileIsRefused(t *testing.T) {
	path := demoDB(t)
	cp := signoff(t, path, "", "checkpoint")
	if cp.code != 0 {
		t.Fatalf("checkpoint: %s", cp.stderr)
	}
	file := filepath.Join(t.TempDir(), "cp.txt")
	// Blank lines are read past, so without a bound this verifies.
	if err := os.WriteFile(file, []byte(cp.stdout+strings.Repeat("\n", 1<<20)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := signoff(t, path, "", "verify", "--checkpoint", file)
	if r.code != exitUsage || !strings.Contains(r.stderr, "larger than any checkpoint") {
		t.Fatalf("exit %d, %q; want %d saying the file is larger than any checkpoint", r.code, r.stderr, exitUsage)
	}
}
