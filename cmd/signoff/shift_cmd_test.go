package main

import (
	"strings"
	"testing"
)

// handoff lists notes newest first, at most --limit: a limit that lists
// nothing must not say the incident has no notes.
func TestHandoffRefusesALimitThatListsNothing(t *testing.T) {
	path := demoDB(t)
	if r := signoff(t, path, "", "--as", "alice", "handoff", "INC-2046", "--note", "S3 waits for dave"); r.code != 0 {
		t.Fatalf("note: exit %d: %s", r.code, r.stderr)
	}
	for _, limit := range []string{"0", "-1"} {
		t.Run("--limit "+limit+" is refused", func(t *testing.T) {
			r := signoff(t, path, "", "handoff", "INC-2046", "--limit", limit)
			if r.code != 2 || !strings.Contains(r.stderr, "--limit "+limit+" lists no notes") || strings.Contains(r.stdout, "no hand-off notes") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 naming --limit", r.code, r.stdout, r.stderr)
			}
		})
	}
	if r := signoff(t, path, "", "handoff", "INC-2046", "--limit", "1"); r.code != 0 || !strings.Contains(r.stdout, "alice: S3 waits for dave") {
		t.Errorf("--limit 1: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
