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

// gateDBHolding is gateDB whose INC-7 holds a record under id, as a
// record made before streams were kept out of the gate's ids holds one:
// the incident is imported whole with it, which a new incident may.
func gateDBHolding(t *testing.T, id string) string {
	t.Helper()
	incident, err := os.ReadFile("testdata/gate/incident.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	path := tempDB(t)
	if r := signoff(t, path, string(incident)+heldLine(id), "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	return path
}

// A stream appended to a stored incident cannot take the gate's ids; the
// gate's own writes still can (the other gate tests), and one that finds
// its id held all the same says so and does not answer as if it wrote.
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

func TestGateRefusesAPreAuthorisedCallWhoseRunsIDIsHeld(t *testing.T) {
	path := gateDBHolding(t, "P-S-toolu_02Read")
	g := start(t, path, "testdata/gate/claude-code/pretooluse-read.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	if code := g.wait(t); code != 2 {
		t.Fatalf("gate exit %d; want 2: %s", code, g.stderr.String())
	}
	said := `incident INC-7 already holds P-S-toolu_02Read (note by "feed", at 2026-11-30T09:00:00Z), the id the gate gives the run of a call the policy pre-authorised (P-<suggestion>): the gate cannot record that it allowed INC-7/S-toolu_02Read, which the policy pre-authorises, so it does not allow it; nothing was recorded`
	if !strings.Contains(g.stderr.String(), said) {
		t.Errorf("stderr %s\nwant it to say %s", g.stderr.String(), said)
	}
	if out := g.stdout.String(); !strings.Contains(out, `"permissionDecision":"deny"`) || !strings.Contains(out, "already holds P-S-toolu_02Read") {
		t.Errorf("answer %s", out)
	}
	if _, err := eventOf(t, path, "S-toolu_02Read"); err == nil {
		t.Errorf("the call was recorded although its run could not be")
	}
}

func TestGateResultWhoseIDIsHeldSaysSoAndRecordsNothing(t *testing.T) {
	path := gateDBHolding(t, "X-S-toolu_01Bash")
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	g.wait(t)
	post := start(t, path, "testdata/gate/claude-code/posttooluse-bash.json",
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--result")
	if code := post.wait(t); code != 2 {
		t.Fatalf("--result exit %d; want 2: %s", code, post.stderr.String())
	}
	said := `incident INC-7 already holds X-S-toolu_01Bash (note by "feed", at 2026-11-30T09:00:00Z), the id the gate gives the result of a call (X-<suggestion>): the result of INC-7/S-toolu_01Bash is recorded once, under that id, so this one (succeeded) was not recorded`
	if !strings.Contains(post.stderr.String(), said) {
		t.Errorf("stderr %s\nwant it to say %s", post.stderr.String(), said)
	}
	if strings.Contains(post.stderr.String(), "recorded INC-7/X-") {
		t.Errorf("--result says it recorded: %s", post.stderr.String())
	}
}
