package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model/gate"
)

// heldLine is a note by a feed under id, one the gate gives its records.
func heldLine(id string) string {
	return `{"record":"event","id":"` + id + `","at":"2026-11-30T09:00:00Z","kind":"note","actor":"feed","summary":"held"}` + "\n"
}

// A stream appended to a stored incident cannot take the gate's ids; the
// gate's own writes still can (the other gate tests).
func TestSignoffImportCannotTakeTheGatesIDsInAStoredIncident(t *testing.T) {
	path := gateDB(t)
	header, err := os.ReadFile("testdata/gate/incident.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitAfter(string(header), "\n")[0]
	for _, id := range []string{"P-S-toolu_02Read", "X-S-toolu_01Bash", gate.NoteID("S-toolu_01Bash", time.UnixMilli(1764493200000))} {
		r := signoff(t, path, first+heldLine(id), "import", "-")
		if r.code != 2 || !strings.Contains(r.stderr, "standard input line 2: note "+id+" has an id the approval gate keeps for") {
			t.Errorf("a stream taking %s: exit %d, %s", id, r.code, r.stderr)
		}
		if _, err := eventOf(t, path, id); err == nil {
			t.Errorf("%s was recorded", id)
		}
	}
}
