package main

import (
	"os"
	"strings"
	"testing"
)

// A record cut down to nothing (every row deleted with sqlite3) used to
// read as another record made at its address: the import after it was
// recorded, and signoff verify said intact and forgot what it had checked.
// It is a cut like any other now; and a person who deletes the file and
// starts again with init is not held to the old record.
func TestARecordCutDownToNothingRefusesWritesUntilMadeAgain(t *testing.T) {
	const doc = "../../fixtures/incidents/inc-2042-ci-key-unknown-network.json"
	path := demoDB(t)
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatalf("verify: %s", r.stderr)
	}
	tamperDB(t, path, "DELETE FROM training_choices", "DELETE FROM training_runs", "DELETE FROM queue_claims",
		"DELETE FROM handoff_notes", "DELETE FROM status_changes", "DELETE FROM pending_items",
		"DELETE FROM incident_counts", "DELETE FROM suggestion_cells", "DELETE FROM suggestion_facts",
		"DELETE FROM queue_decisions", "DELETE FROM queue_approvals", "DELETE FROM reviews",
		"DELETE FROM events", "DELETE FROM assets", "DELETE FROM agents", "DELETE FROM people",
		"DELETE FROM incidents", "DELETE FROM chain")
	t.Run("an import on the emptied record is refused, naming the cut", func(t *testing.T) {
		r := signoff(t, path, "", "import", doc)
		if r.code != 1 || !strings.Contains(r.stderr, "nothing was recorded") || !strings.Contains(r.stderr, "every entry was cut off") {
			t.Errorf("import: exit %d, %q; want it refused", r.code, r.stderr)
		}
	})
	t.Run("verify names the cut and keeps what this machine remembers", func(t *testing.T) {
		for i := 0; i < 2; i++ {
			r := signoff(t, path, "", "verify")
			if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "every entry was cut off") {
				t.Errorf("verify, time %d: exit %d, %q %q; want the cut named", i+1, r.code, r.stdout, r.stderr)
			}
		}
	})
	t.Run("the file deleted and made again with init takes writes", func(t *testing.T) {
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
		if r := signoff(t, path, "", "init"); r.code != 0 {
			t.Fatalf("init: %s", r.stderr)
		}
		if r := signoff(t, path, "", "import", doc); r.code != 0 {
			t.Errorf("import on the new record: exit %d, %s", r.code, r.stderr)
		}
		if r := signoff(t, path, "", "verify"); r.code != 0 {
			t.Errorf("verify of the new record: exit %d, %s", r.code, r.stderr)
		}
	})
}
