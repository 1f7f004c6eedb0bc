//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// filledDisk mounts a small tmpfs holding a copy of the database at src and
// fills the rest of it, so every write meets ENOSPC as on an operator's
// full disk. A file size limit (RLIMIT_FSIZE) would need no root, but it
// fails writes with EFBIG, which SQLite reports as an I/O error rather
// than a full disk, so it would not test what a person meets. The disk is
// freed again by removing the returned filler.
func filledDisk(t *testing.T, src string) (db, filler string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs to fill needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=16m"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	db = filepath.Join(dir, "signoff.db")
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
	filler = filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 4096)
	for {
		if _, err := f.Write(block); err != nil {
			break
		}
	}
	f.Close()
	return db, filler
}

// A full disk used to show as "internal error" (SQLite's "disk I/O error"
// or "database or disk is full"): a person must read that the disk is full,
// and after freeing it find the record whole.
func TestAFullDiskIsSaidAsSuchAndLeavesTheRecordWhole(t *testing.T) {
	src := demoDB(t)
	doc := filepath.Join("..", "..", "fixtures", "incidents", "inc-2041-ide-extension-token-theft.json")
	stream := filepath.Join(t.TempDir(), "big.ndjson")
	if r := signoff(t, src, "", "gen", "--incidents", "1", "--events", "3000", "-o", stream); r.code != 0 {
		t.Fatal(r.stderr)
	}
	before := signoff(t, src, "", "incidents").stdout
	db, filler := filledDisk(t, src)
	writes := [][]string{
		{"import", stream},
		{"import", doc},
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "gateway isolated"},
	}
	for _, args := range writes {
		r := signoff(t, db, "", args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "is full") || strings.Contains(r.stderr, "internal error") {
			t.Errorf("%v on a full disk: exit %d, %q; want 2 and a sentence that the disk is full", args, r.code, r.stderr)
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if r := signoff(t, db, "", "verify"); r.code != 0 {
		t.Fatalf("verify after freeing the disk: exit %d: %s", r.code, r.stderr)
	}
	if after := signoff(t, db, "", "incidents").stdout; after != before {
		t.Errorf("a write on the full disk left something behind:\nbefore %s\nafter %s", before, after)
	}
	if r := signoff(t, db, "", "import", stream); r.code != 0 {
		t.Errorf("import again after freeing the disk: exit %d: %s", r.code, r.stderr)
	}
}
