package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// The queue refuses a decision the policy does not allow, but a stream
// can append any decision that names known ids. The gate answers the
// agent only from a decision the policy allows, whichever way it came in.
func TestGateDoesNotRunOnADecisionThePolicyWouldRefuse(t *testing.T) {
	head := `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}` + "\n"
	isolate := `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"mcp__edr__isolate_host",` +
		`"tool_input":{"host":"web-03","reason":"beaconing"},"tool_use_id":"toolu_iso"}`
	decision := func(owner, outcome string) string {
		return head + `{"record":"event","id":"D-imported","at":"2030-01-01T00:00:00Z","kind":"decision","suggestion":"S-toolu_iso","owner":"` + owner +
			`","outcome":"` + outcome + `","action":{"type":"isolate_host","target":"web-03","detail":"{\"host\":\"web-03\",\"reason\":\"beaconing\"}"},"rationale":"go"}` + "\n"
	}
	cases := []struct {
		name, stream, want string
	}{
		{"an approval owned by the asking agent itself is not run", decision("claude", "approved"), `"permissionDecision":"deny"`},
		{"an approval by a person without the authority is not run", decision("tomas", "approved"), `"permissionDecision":"deny"`},
		{"an approval by a person with the authority is run", decision("priya", "approved"), `"permissionDecision":"allow"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			g := start(t, path, isolate, gateArgs("claude", gate.ClaudeCode)...)
			awaitPending(t, path, g, "S-toolu_iso")
			if r := signoff(t, path, tc.stream, "import", "-"); r.code != 0 {
				t.Fatalf("import: %s", r.stderr)
			}
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			if out := g.stdout.String(); !strings.Contains(out, tc.want) {
				t.Errorf("answer %s; want %s", out, tc.want)
			}
		})
	}
}
