package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// A framework's call id becomes the suggestion's id only when the ids
// made from it fit too: the note of a wait that ran out (N-S-<id>-<ms>),
// the decision (D-S-<id>), the run (X-S-<id>). A longer one would be
// recorded, then neither noted nor decidable.
func TestGateGivesACallIdTooLongToDeriveFromAnIdOfItsOwn(t *testing.T) {
	path := gateDB(t)
	long := "toolu_" + strings.Repeat("a", 190)
	in := `{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"iptables -A INPUT -s 192.0.2.5 -j DROP"},"tool_use_id":"` + long + `"}`
	r := signoff(t, path, in, gateArgs("claude", gate.ClaudeCode, "--wait", "10ms")...)
	if r.code != 0 || !strings.Contains(r.stdout, `"permissionDecision":"ask"`) {
		t.Fatalf("a call that nobody decided: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stdout, long) {
		t.Errorf("the suggestion's id holds the whole call id: %s", r.stdout)
	}
}
