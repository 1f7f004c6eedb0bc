package main

import (
	"encoding/json"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/signoff/signoff/model/gate"
)

// gateEndedOf is what pending --json says of id's gate: "live" while a
// gate waits (or none ever did), else how it ended.
func gateEndedOf(t *testing.T, path, id string) string {
	t.Helper()
	r := signoff(t, path, "", "pending", "--json")
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil || r.code != 0 {
		t.Fatalf("pending --json: %v %s", err, r.stderr)
	}
	for _, l := range lines {
		if l.ID == id && l.GateEnded == nil {
			return "live"
		}
		if l.ID == id {
			return string(*l.GateEnded)
		}
	}
	t.Fatalf("%s is not pending: %s", id, r.stdout)
	return ""
}

// The agent asks again under the same call id after its first gate told
// it no: the second gate notes that it waits, so the item is live again
// (approve says nothing about a gate that ended), and a decision made
// while it waits is its answer.
func TestAGateAskedAgainAfterItsFirstStoppedMakesTheItemLiveAndAnswersTheDecision(t *testing.T) {
	const call = "testdata/gate/claude-code/pretooluse-bash.json"
	path := gateDB(t)
	first := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	awaitPending(t, path, first, "S-toolu_01Bash")
	if err := first.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := first.wait(t); code != 2 {
		t.Fatalf("the stopped gate exited %d: %s", code, first.stderr.String())
	}
	if got := gateEndedOf(t, path, "S-toolu_01Bash"); got != "stopped" {
		t.Fatalf("after the first gate stopped, pending says %s", got)
	}

	second := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	deadline := time.Now().Add(30 * time.Second)
	for gateEndedOf(t, path, "S-toolu_01Bash") != "live" {
		if second.exited() || time.Now().After(deadline) {
			t.Fatalf("the item never showed live while the second gate waits; the gate wrote %q %q", second.stdout.String(), second.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	note := ""
	for _, e := range exportDoc(t, path).Events {
		if e.Actor == gate.NoteActor {
			note = e.Summary
		}
	}
	if note != "Agent claude (Claude Code) asked again for S-toolu_01Bash; the gate waits on it again" {
		t.Errorf("the record's latest gate note is %q", note)
	}

	r := signoff(t, path, "", "--as", "priya", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it")
	if r.code != 0 || strings.Contains(r.stderr, "runs nothing") {
		t.Errorf("approving while the second gate waits: exit %d, stderr %q", r.code, r.stderr)
	}
	if code := second.wait(t); code != 0 {
		t.Fatalf("the second gate exited %d: %s", code, second.stderr.String())
	}
	if out := second.stdout.String(); !strings.Contains(out, `"permissionDecision":"allow"`) || !strings.Contains(out, "approved by priya: block it") {
		t.Errorf("the second gate answered %s", out)
	}
	if r := signoff(t, path, "", "verify"); r.code != 0 {
		t.Errorf("verify: %s", r.stderr)
	}
}

// Closing with --defer-pending says, in the line it prints, which of the
// items it deferred their gate had already answered, as its refusal does.
func TestClosingOverAGateThatEndedSaysSoOnceRecorded(t *testing.T) {
	path := gateDB(t)
	timedOut := start(t, path, "testdata/gate/openai-mcp/mcp_approval_request.json", gateArgs("responder", gate.OpenAIMCP, "--wait", "1s")...)
	if code := timedOut.wait(t); code != 0 {
		t.Fatalf("the gate whose wait ran out exited %d: %s", code, timedOut.stderr.String())
	}
	r := signoff(t, path, "", "--as", "priya", "status", "INC-7", "closed", "--rationale", "done", "--defer-pending")
	want := "; deferred 1 pending suggestion as priya: D-S-mcpr_68a1d2b0c3e48190a7b5c6d7e8f90123 (gate ended); its gate already answered its agent, so its deferral runs nothing"
	if r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("closing: exit %d, %q; want it to contain %q (%s)", r.code, r.stdout, want, r.stderr)
	}
}
