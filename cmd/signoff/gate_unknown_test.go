package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// A call on a target that is no asset of the incident is recorded with no
// target (the gate adds no assets), yet a modification is still judged
// against the call as asked: moving the host where the mapping does not
// read it, or to any other host (privileged or not), is not run, and the
// refusal names the target the call named.
func TestGateJudgesAModificationOfACallOnAnUnknownTargetAsAsked(t *testing.T) {
	isolate := `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"mcp__edr__isolate_host",` +
		`"tool_input":{"host":"web-09","reason":"beaconing"},"tool_use_id":"toolu_iso9"}`
	cases := []struct {
		name, detail string
		allowed      bool
		says         string
	}{
		{"a host moved to an argument the mapping does not read is not run", `{"hostname":"dc-01","reason":"beaconing"}`, false, "where isolate_host was decided on web-09"},
		{"a host changed to a privileged one is not run", `{"host":"dc-01","reason":"beaconing"}`, false, "names dc-01 where isolate_host was decided on web-09"},
		{"a host changed to another unknown one is not run either", `{"host":"web-10","reason":"beaconing"}`, false, "names web-10 where isolate_host was decided on web-09"},
		{"the reason changed on the same host runs", `{"host":"web-09","reason":"beaconing to 198.51.100.9"}`, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			dc := inc7Head + `{"record":"asset","id":"dc-01","kind":"host","owner":"priya","privileged":true,"summary":"domain controller"}` + "\n"
			if r := signoff(t, path, dc, "import", "-"); r.code != 0 {
				t.Fatalf("import: %s", r.stderr)
			}
			g := start(t, path, isolate, gateArgs("claude", gate.ClaudeCode)...)
			awaitPending(t, path, g, "S-toolu_iso9")
			decideIn(t, path, "--as", "priya", "approve", "INC-7/S-toolu_iso9", "--rationale", "contain", "--action-detail", tc.detail)
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			out := g.stdout.String()
			if allowed := strings.Contains(out, `"permissionDecision":"allow"`); allowed != tc.allowed || !strings.Contains(out, tc.says) {
				t.Fatalf("allowed %v, want %v saying %q: %s", allowed, tc.allowed, tc.says, out)
			}
		})
	}
}
