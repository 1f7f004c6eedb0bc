package main

import (
	"fmt"
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

// An intact chain says what it was compared with: a chain recomputed
// whole, or cut short, verifies on its own, and only a checkpoint kept
// elsewhere shows it. An auditor reading the output must not take
// "intact" for more than it is.
func TestVerifySaysWhetherACheckpointWasCompared(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "verify")
	if r.code != 0 || !strings.Contains(r.stdout, "no checkpoint compared") || !strings.Contains(r.stdout, "verify --checkpoint FILE") {
		t.Errorf("verify without a checkpoint: exit %d, %q", r.code, r.stdout)
	}
	cp := signoff(t, path, "", "checkpoint")
	file := filepath.Join(t.TempDir(), "cp.txt")
	if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	r = signoff(t, path, "", "verify", "--checkpoint", file)
	if r.code != 0 || !strings.Contains(r.stdout, "it holds the checkpoint taken") || strings.Contains(r.stdout, "no checkpoint compared") {
		t.Errorf("verify with a checkpoint: exit %d, %q", r.code, r.stdout)
	}
}

// verify counts the marks as the checkpoint file lists them (the 63
// "mark:" lines the docs speak of), and names the head apart.
func TestVerifyCountsTheMarksTheCheckpointLists(t *testing.T) {
	path := demoDB(t)
	cp := signoff(t, path, "", "checkpoint")
	file := filepath.Join(t.TempDir(), "cp.txt")
	if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	marks := strings.Count(cp.stdout, "\nmark: ")
	r := signoff(t, path, "", "verify", "--checkpoint", file)
	want := fmt.Sprintf("unchanged at its head and at each of the %d entries it marks", marks)
	if r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("verify with a checkpoint of %d marks: exit %d, %q; want %q", marks, r.code, r.stdout, want)
	}
}
