package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
)

// The queue refuses a decision the policy does not allow, but a stream
// can append any decision that names known ids. The gate runs no approval
// a stream appended, and says why the policy would have refused it too.
func TestGateDoesNotRunOnADecisionThePolicyWouldRefuse(t *testing.T) {
	head := `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}` + "\n"
	isolate := `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"mcp__edr__isolate_host",` +
		`"tool_input":{"host":"web-03","reason":"beaconing"},"tool_use_id":"toolu_iso"}`
	decision := func(owner, outcome string) string {
		// Decided now: after the gate's suggestion, and not ahead of the
		// clock, as an import requires.
		at := time.Now().UTC().Format(time.RFC3339Nano)
		return head + `{"record":"event","id":"D-imported","at":"` + at + `","kind":"decision","suggestion":"S-toolu_iso","owner":"` + owner +
			`","outcome":"` + outcome + `","action":{"type":"isolate_host","target":"web-03","detail":"{\"host\":\"web-03\",\"reason\":\"beaconing\"}"},"rationale":"go"}` + "\n"
	}
	cases := []struct {
		name, stream, want string
	}{
		{"an approval owned by the asking agent itself is not run", decision("claude", "approved"), "policy default_policy.toml would also have refused it: "},
		{"an approval by a person without the authority is not run", decision("tomas", "approved"), "policy default_policy.toml would also have refused it: "},
		{"an approval by a person with the authority is not run either", decision("priya", "approved"), "D-imported was appended by an import"},
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
			if out := g.stdout.String(); !strings.Contains(out, `"permissionDecision":"deny"`) || !strings.Contains(out, tc.want) {
				t.Errorf("answer %s; want a deny saying %s", out, tc.want)
			}
		})
	}
}

// A suggestion recorded without an expiry is one an earlier run of the
// gate allowed under the policy; a stream can record one too. A call the
// mapping and policy do not pre-authorise now is not allowed on its word.
func TestGateDoesNotPreAuthoriseACallOnAnImportedSuggestion(t *testing.T) {
	path := gateDB(t)
	data, err := os.ReadFile("testdata/gate/claude-code/pretooluse-bash.json")
	if err != nil {
		t.Fatal(err)
	}
	req, err := gate.Decode(gate.ClaudeCode, data)
	if err != nil {
		t.Fatal(err)
	}
	call := req.Calls[0]
	sug := model.Event{ID: "S-" + call.ID, At: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), Kind: model.KindSuggestion, Agent: "claude",
		Action:    &model.Action{Type: "tool:Bash", Detail: "iptables -A INPUT -s 203.0.113.7 -j DROP"},
		RawOutput: gate.NewEnvelope(gate.ClaudeCode, call, (&gate.Mapping{}).Map(call)).String()}
	line, _ := json.Marshal(format.EventLine{Record: format.RecordEvent, Event: sug})
	head := `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}`
	if r := signoff(t, path, head+"\n"+string(line)+"\n", "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1s")...)
	g.wait(t)
	if out := g.stdout.String(); strings.Contains(out, `"permissionDecision":"allow"`) {
		t.Errorf("a block_ip the policy does not pre-authorise was allowed: %s", out)
	}
}
