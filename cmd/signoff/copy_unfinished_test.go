package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The file a copy builds (FILE.incomplete-copy-PID) holds a record cut
// short until the copy puts it in place: opened with --db, it read as a
// record of its own. Every command refuses it, saying it is an unfinished
// copy and what to open instead; the next copy still clears it.
func TestAnUnfinishedCopyIsNotOpenedAsARecord(t *testing.T) {
	src := demoDB(t)
	whole, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	to := filepath.Join(dir, "copy.db")
	for _, c := range []struct {
		pid   int
		state string
	}{
		{99999999, "that was stopped before it finished"},
		{os.Getppid(), "that may still be running (process " + strconv.Itoa(os.Getppid()) + ")"},
	} {
		left := to + ".incomplete-copy-" + strconv.Itoa(c.pid)
		if err := os.WriteFile(left, whole, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"verify"}, {"incidents"}, {"import", "-"}} {
			r := signoff(t, left, "", args...)
			want := left + " is the unfinished file of a copy into " + to + " " + c.state + ", not a record"
			if r.code != 2 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "open "+to) {
				t.Errorf("%s on %s: exit %d, %q; want exit 2 saying %q", args[0], filepath.Base(left), r.code, r.stderr, want)
			}
		}
		if r := signoff(t, "", "", "copy", "--from", left, "--to", filepath.Join(dir, "other.db")); r.code != 2 || !strings.Contains(r.stderr, "unfinished file of a copy") {
			t.Errorf("copy --from an unfinished copy: exit %d, %q; want it refused", r.code, r.stderr)
		}
		os.Remove(left)
	}
	os.WriteFile(to+".incomplete-copy-99999999", whole, 0o600)
	if r := signoff(t, "", "", "copy", "--from", src, "--to", to); r.code != 0 || !strings.Contains(r.stderr, "removed copy.db.incomplete-copy-99999999") {
		t.Errorf("the next copy: exit %d, %q; want it made, clearing the unfinished file", r.code, r.stderr)
	}
	if r := signoff(t, to, "", "verify"); r.code != 0 {
		t.Errorf("verify of the copy: exit %d, %q", r.code, r.stderr)
	}
}
