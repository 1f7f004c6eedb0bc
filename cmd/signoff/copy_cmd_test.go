package main

import (
	"regexp"
	"strings"
	"testing"
)

// signoff copy moves the demo's record to another file, and verify then
// says the same on both: the same entries, the same head.
func TestCopyGivesARecordThatVerifiesAsItsSource(t *testing.T) {
	src, dst := demoDB(t), tempDB(t)
	r := signoff(t, "", "", "copy", "--from", src, "--to", dst)
	if r.code != 0 || !strings.Contains(r.stdout, "the copy verifies") {
		t.Fatalf("copy: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	head := regexp.MustCompile(`intact: \d+ entries, head [0-9a-f]{64}`)
	a, b := signoff(t, src, "", "verify"), signoff(t, dst, "", "verify")
	if a.code != 0 || b.code != 0 || head.FindString(a.stdout) == "" || head.FindString(a.stdout) != head.FindString(b.stdout) {
		t.Errorf("verify on the source says %q, on the copy %q", a.stdout, b.stdout)
	}
	again := signoff(t, "", "", "copy", "--from", src, "--to", dst)
	if again.code != 2 || !strings.Contains(again.stderr, "already holds a record") {
		t.Errorf("copying again: exit %d: %s", again.code, again.stderr)
	}
}

func TestCopyNeedsTwoDatabases(t *testing.T) {
	path := tempDB(t)
	for _, args := range [][]string{{"copy", "--from", path}, {"copy", "--from", path, "--to", path}} {
		if r := signoff(t, "", "", args...); r.code != 2 || !strings.Contains(r.stderr, "--") {
			t.Errorf("%v: exit %d: %s", args, r.code, r.stderr)
		}
	}
}
