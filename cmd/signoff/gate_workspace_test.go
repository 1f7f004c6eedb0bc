package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// The example map pre-authorises reads in its workspace only: a read of a
// key, of the record itself or of the allowed signers waits for a person,
// and nobody deciding it within --wait is never an allow: an unmapped read
// is high tier, so it is not put to the agent's user either.
func TestTheExampleMapSendsAReadOfASecretToAPerson(t *testing.T) {
	path := gateDB(t)
	for i, file := range []string{"/root/.ssh/id_ed25519", path, "/etc/signoff/allowed_signers", "/srv/ir/work/../signoff.db"} {
		t.Run(file, func(t *testing.T) {
			call := `{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"` + file + `"},"tool_use_id":"toolu_secret` + strconv.Itoa(i) + `"}`
			r := signoff(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
			if r.code != 0 || !strings.Contains(r.stdout, `"permissionDecision":"deny"`) || !strings.Contains(r.stdout, "no decision within 1s") {
				t.Errorf("exit %d, answer %s %s; want a no after nobody decided", r.code, r.stdout, r.stderr)
			}
		})
	}
}
