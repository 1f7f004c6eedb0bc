//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/signoff/signoff/db/dbtest"
)

// copyKilled runs signoff copy as a process of its own and kills it
// outright (SIGKILL) as soon as it says it has copied the entries: they
// are then written in its transaction, which it has not committed.
func copyKilled(t *testing.T, from, to string) {
	t.Helper()
	cmd := exec.Command(signoffBinary(t), "copy", "--from", from, "--to", to)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if strings.Contains(lines.Text(), "copied ") {
			cmd.Process.Kill()
			break
		}
	}
	for lines.Scan() {
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("the copy ended before it was killed")
	}
}

// A copy into a new file killed outright used to leave that file at --to,
// holding an empty record: the next copy refused it as a destination
// holding a record, and a person could open it as the copy. The file is
// built under a name of its own and takes --to's only once whole; the
// next copy removes what the killed one left, and says so.
func TestACopyKilledOutrightLeavesNoFileAtTo(t *testing.T) {
	src := demoDB(t)
	head := regexp.MustCompile(`intact: \d+ entries, head [0-9a-f]{64}`)
	want := head.FindString(signoff(t, src, "", "verify").stdout)
	dir := t.TempDir()
	to := filepath.Join(dir, "copy.db")
	copyKilled(t, src, to)
	if _, err := os.Stat(to); err == nil {
		// Only if the kill came after the copy was put in place.
		if got := head.FindString(signoff(t, to, "", "verify").stdout); got != want {
			t.Fatalf("after the kill, %s holds a record that verifies as %q; want none, or the source's %q", to, got, want)
		}
		t.Skip("the kill came after the copy was whole")
	}
	left, _ := filepath.Glob(to + ".incomplete-copy-*[0-9]")
	if len(left) != 1 {
		t.Fatalf("the killed copy left %v beside --to; want its one unfinished file", left)
	}
	r := signoff(t, "", "", "copy", "--from", src, "--to", to)
	if r.code != 0 || !strings.Contains(r.stderr, "removed "+filepath.Base(left[0])+", the unfinished file of a copy") {
		t.Fatalf("the next copy: exit %d, %q; want it made, naming what it removed", r.code, r.stderr)
	}
	if got := head.FindString(signoff(t, to, "", "verify").stdout); got != want {
		t.Errorf("the next copy verifies as %q; want %q", got, want)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "copy.db" {
		t.Errorf("the folder holds %v; want copy.db alone", names)
	}
}

// On a server the copy is one transaction: killed outright, its connection
// drops, the server rolls it back and frees the record's lock, and the
// schema holds the empty record init made, ready for the next copy.
func TestACopyKilledOutrightLeavesAServersRecordEmpty(t *testing.T) {
	if os.Getenv("SIGNOFF_TEST_POSTGRES") == "" {
		t.Skip("set SIGNOFF_TEST_POSTGRES to run it (.ci/postgres starts a server)")
	}
	src := demoDB(t)
	to := dbtest.FreshSchema(t)
	if r := signoff(t, to, "", "init"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	copyKilled(t, src, to)
	if r := signoff(t, to, "", "verify"); r.code != 0 || !strings.Contains(r.stdout, ": 0 entries") {
		t.Errorf("after the kill: exit %d, %q %q; want the empty record", r.code, r.stdout, r.stderr)
	}
	if r := signoff(t, "", "", "copy", "--from", src, "--to", to); r.code != 0 {
		t.Errorf("the next copy: exit %d, %s", r.code, r.stderr)
	}
}
