package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A whole check held to a checkpoint found the record intact but was not
// remembered: this machine stayed at the check before it, so a backup put
// back after it passed plain verify (review finding 4). Every command
// that checks the record whole against a checkpoint now remembers it.
func TestAnIntactCheckAgainstACheckpointIsRemembered(t *testing.T) {
	commands := [][]string{
		{"verify", "--checkpoint"},
		{"verify", "--all", "--checkpoint"},
		{"export", "INC-2041", "--checkpoint"},
		{"findings", "INC-2046", "--checkpoint"},
		{"report", "INC-2041", "--checkpoint"},
	}
	for _, args := range commands {
		t.Run(strings.Join(args, " ")+" remembers what it checked", func(t *testing.T) {
			path := demoDB(t)
			if r := signoff(t, path, "", "verify"); r.code != 0 {
				t.Fatal(r.stderr)
			}
			cp := signoff(t, path, "", "checkpoint")
			file := filepath.Join(t.TempDir(), "cp.txt")
			if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil || cp.code != 0 {
				t.Fatalf("checkpoint: %v %s", err, cp.stderr)
			}
			backup := filepath.Join(t.TempDir(), "backup.db")
			if r := signoff(t, "", "", "copy", "--from", path, "--to", backup); r.code != 0 {
				t.Fatal(r.stderr)
			}
			if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "after the backup"); r.code != 0 {
				t.Fatal(r.stderr)
			}
			if r := signoff(t, path, "", append(args, file)...); r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			// With the marks a plain verify keeps, which locate a rewrite.
			if mem, _ := os.ReadFile(memoryFor(path).path); !strings.Contains(string(mem), `"marks"`) {
				t.Errorf("this machine remembers %s; want the check's marks too", mem)
			}
			restore(t, backup, path)
			r := signoff(t, path, "", "verify")
			if r.code != exitProblems || !strings.Contains(r.stderr, "cut off the end") {
				t.Errorf("verify of the backup put back: exit %d, %q; want exit 1 naming the entries cut off", r.code, r.stderr)
			}
		})
	}
}

// restore puts the database file at from in the place of the one at to,
// as a person restoring a backup would.
func restore(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
