package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// newIncident is a stream that brings in an incident of its own.
const newIncident = `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-9", "title": "t", "severity": "sev3", "status": "open", "opened_at": "2026-02-20T08:00:00Z", "commander": "priya"}
{"record": "person", "id": "priya", "name": "Priya Raman", "role": "IR lead", "authority": "high"}
`

// Every command that adds to the record refuses a record cut short since
// this machine checked it, before appending: annotate, handoff --note,
// status and import appended over the cut, the new entries took the seqs
// of the ones removed, and the record then read as "rewritten since"
// rather than "cut short", with the person's new record on a record that
// had lost entries.
func TestEveryWriteRefusesARecordCutShortSinceThisMachineCheckedIt(t *testing.T) {
	writes := [][]string{
		{"--as", "mara", "annotate", "INC-2041/S1", "--verdict", "followed", "--outcome-changed", "no", "--ai-correct", "yes", "--note", "fine"},
		{"--as", "alice", "handoff", "INC-2046", "--note", "over to you"},
		{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "blocked"},
		{"import", "-"},
		{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap"},
		{"--as", "alice", "reject", "INC-2046/S5", "--rationale", "no"},
		{"--as", "alice", "defer", "INC-2046/S5", "--rationale", "later"},
	}
	for _, args := range writes {
		name := strings.Join(args, " ")
		t.Run(name+" records nothing and exits 1 naming the cut and how to accept a restore", func(t *testing.T) {
			path := closedAndChecked(t)
			cutLast(t, path)
			r := signoff(t, path, newIncident, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "nothing was recorded: the record was changed outside signoff") ||
				!strings.Contains(r.stderr, "so entries were cut off the end") || !strings.Contains(r.stderr, "signoff verify --forget") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 refusing, naming the entries cut off and signoff verify --forget", r.code, r.stdout, r.stderr)
			}
			if v := signoff(t, path, "", "verify"); !strings.Contains(v.stderr, "so entries were cut off the end") {
				t.Errorf("after it verify says %q; want the record still cut short, nothing appended over the cut", v.stderr)
			}
		})
	}
	t.Run("after verify --forget accepts a restored backup, the write is recorded", func(t *testing.T) {
		path := closedAndChecked(t)
		cutLast(t, path)
		if r := signoff(t, path, "", "verify", "--forget"); r.code != 0 {
			t.Fatalf("verify --forget: exit %d, %s", r.code, r.stderr)
		}
		if r := signoff(t, path, "", writes[0]...); r.code != 0 {
			t.Errorf("annotate after verify --forget: exit %d, %q", r.code, r.stderr)
		}
	})
}

// The gate records the call before it waits: on a record cut short since
// this machine checked it, it refuses the call as it refuses one read
// from a record that does not verify, with exit 2, the only status Claude
// Code blocks on (docs/DECISIONS.md, "Writes held to this machine's memory").
func TestTheGateRecordsNoCallOnARecordCutShort(t *testing.T) {
	path := gateDB(t)
	if r := signoff(t, path, "", "--as", "priya", "handoff", "INC-7", "--note", "the gate is on"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	cutLast(t, path)
	r := signoff(t, path, golden(t, "claude-code/pretooluse-bash.json"), gateArgs("claude", gate.ClaudeCode, "--wait", "10ms")...)
	if r.code != 2 || !strings.Contains(r.stderr, "so entries were cut off the end") {
		t.Errorf("exit %d, stderr %q; want 2, naming the cut", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"permissionDecision":"deny"`) || !strings.Contains(r.stdout, "so entries were cut off the end") {
		t.Errorf("answer %s; want a denial naming the cut", r.stdout)
	}
	if n := entriesOf(t, path, "S-toolu_01Bash"); n != 0 {
		t.Errorf("the call was recorded over the cut (%d entries)", n)
	}
}
