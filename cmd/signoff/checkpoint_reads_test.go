package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// report and findings, as export, hold the record to a checkpoint kept
// elsewhere when given one: on an auditor's machine, which remembers no
// check of the record, nothing else shows entries cut off since.
func TestReportAndFindingsHeldToACheckpoint(t *testing.T) {
	path := closedAndChecked(t)
	cp := signoff(t, path, "", "checkpoint")
	if cp.code != 0 {
		t.Fatal(cp.stderr)
	}
	file := filepath.Join(t.TempDir(), "audit.txt")
	if err := os.WriteFile(file, []byte(cp.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	commands := [][]string{
		{"findings", "INC-2041"},
		{"findings", "INC-2041", "--json"},
		{"report", "INC-2041"},
		{"report", "INC-2041", "--format", "json"},
	}
	whole := map[string]result{}
	for _, args := range commands {
		name := strings.Join(args, " ")
		whole[name] = onAnotherMachine(t, path, append(args, "--checkpoint", file)...)
		if r := whole[name]; r.stdout == "" || strings.Contains(r.stderr, "does not verify") {
			t.Errorf("%s --checkpoint of the record it was taken of: exit %d, %q", name, r.code, r.stderr)
		}
	}
	if r := onAnotherMachine(t, path, "report", "INC-2041", "--checkpoint", file); r.code != 0 {
		t.Errorf("report --checkpoint of the record it was taken of: exit %d, %q", r.code, r.stderr)
	}
	cutLast(t, path)
	for _, args := range commands {
		name := strings.Join(args, " ")
		t.Run(name+" --checkpoint names the entries cut off since it was taken, and exits 1", func(t *testing.T) {
			r := onAnotherMachine(t, path, append(args, "--checkpoint", file)...)
			if r.code != 1 || r.stdout == "" || !strings.Contains(r.stderr, "cut off") {
				t.Errorf("exit %d, %d bytes, %q; want it written, exit 1 naming the cut", r.code, len(r.stdout), r.stderr)
			}
			if args[0] == "report" && !strings.Contains(r.stdout, "cut off") {
				t.Errorf("the report does not state the cut in its chain status")
			}
			if plain := onAnotherMachine(t, path, args...); plain.code == 1 && args[0] == "report" {
				t.Errorf("without the checkpoint the cut is seen too, so the test shows nothing")
			}
		})
	}
	t.Run("a checkpoint that cannot be read is said before a byte is written", func(t *testing.T) {
		for _, args := range commands {
			r := onAnotherMachine(t, path, append(args, "--checkpoint", filepath.Join(t.TempDir(), "missing.txt"))...)
			if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "cannot read the checkpoint") {
				t.Errorf("%v: exit %d, %d bytes, %q", args, r.code, len(r.stdout), r.stderr)
			}
		}
	})
}
