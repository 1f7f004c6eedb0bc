package main

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model/gate"
)

// inc7Head is the stream line of the gate's test incident: a stream that
// appends to it starts with it.
const inc7Head = `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}` + "\n"

// wipeMap maps a tool to wipe_host, an action the policy puts in the
// critical tier: two distinct people with authority high.
const wipeMap = "[[rule]]\ntool = \"WipeHost\"\naction = \"wipe_host\"\ntarget = \"host\"\nasset_kind = \"host\"\n"

// wipeArgs runs the gate for Claude Code with wipeMap.
func wipeArgs(t *testing.T) []string {
	return []string{"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code",
		"--map", writeFile(t, t.TempDir(), "wipe.toml", wipeMap)}
}

const wipeCall = `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"WipeHost","tool_input":{"host":"web-03"},"tool_use_id":"toolu_wipe"}`

// A stream appended to the incident can add people with any authority
// and a decision owned and approved by them: the record then reads as a
// properly authorised approval. The gate runs only a decision made in
// signoff, so such a stream cannot release a call a gate waits on; a
// refusal that came the same way is still a no.
func TestGateDoesNotRunAnApprovalAStreamAppended(t *testing.T) {
	now := time.Now().UTC().Format(time.RFC3339)
	decision := func(id, owner, outcome, action, approvals string) string {
		return `{"record":"event","id":"` + id + `","at":"` + now + `","kind":"decision","suggestion":"` + id[2:] + `","owner":"` + owner +
			`","outcome":"` + outcome + `","action":` + action + `,"rationale":"fine","evidence_reviewed":["EV-1"]` + approvals + "}\n"
	}
	// The gate records no asset for 203.0.113.7, so the action names no target.
	block := `{"type":"block_ip","detail":"iptables -A INPUT -s 203.0.113.7 -j DROP"}`
	wipe := `{"type":"wipe_host","target":"web-03","detail":"{\"host\":\"web-03\"}"}`
	mallory := `{"record":"person","id":"mallory","name":"Mallory","authority":"high"}` + "\n"
	trent := `{"record":"person","id":"trent","name":"Trent","authority":"high"}` + "\n"
	cases := []struct {
		name, call, suggestion, stream string
		critical                       bool
		want                           []string
	}{
		{"an approval by a person the same stream added with authority high", "testdata/gate/claude-code/pretooluse-bash.json", "S-toolu_01Bash",
			mallory + decision("D-S-toolu_01Bash", "mallory", "approved", block, ""), false,
			[]string{`"permissionDecision":"deny"`, "approved by mallory: fine; but D-S-toolu_01Bash was appended by an import", "signoff queue, serve, approve"}},
		{"an approval by a person of the incident with the authority", "testdata/gate/claude-code/pretooluse-bash.json", "S-toolu_01Bash",
			decision("D-S-toolu_01Bash", "priya", "approved", block, ""), false,
			[]string{`"permissionDecision":"deny"`, "approved by priya: fine; but D-S-toolu_01Bash was appended by an import"}},
		{"a critical action approved by two people the stream added", wipeCall, "S-toolu_wipe",
			mallory + trent + decision("D-S-toolu_wipe", "mallory", "approved", wipe,
				`,"approvals":[{"by":"trent","at":"`+now+`"},{"by":"mallory","at":"`+now+`"}]`), true,
			[]string{`"permissionDecision":"deny"`, "approved by trent and mallory: fine; but D-S-toolu_wipe was appended by an import"}},
		{"a rejection", "testdata/gate/claude-code/pretooluse-bash.json", "S-toolu_01Bash",
			decision("D-S-toolu_01Bash", "priya", "rejected", block, ""), false,
			[]string{`"permissionDecision":"deny"`, "rejected by priya: fine"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is not run", func(t *testing.T) {
			path := gateDB(t)
			args := gateArgs("claude", gate.ClaudeCode)
			if tc.critical {
				args = wipeArgs(t)
			}
			g := start(t, path, tc.call, args...)
			awaitPending(t, path, g, tc.suggestion)
			if r := signoff(t, path, inc7Head+tc.stream, "import", "-"); r.code != 0 {
				t.Fatalf("import: %s", r.stderr)
			}
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			out := g.stdout.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("answer %s; want it to hold %s", out, w)
				}
			}
		})
	}
}

// The same critical call approved in the queue by two people with the
// authority is run, people a stream added among them: the queue is where
// the policy holds them to it, and where a person decides as themselves.
func TestGateRunsACriticalActionApprovedInTheQueueByTwoPeople(t *testing.T) {
	path := gateDB(t)
	ana := `{"record":"person","id":"ana","name":"Ana Lima","role":"IR lead","team":"SecOps","authority":"high"}` + "\n"
	if r := signoff(t, path, inc7Head+ana, "import", "-"); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	g := start(t, path, wipeCall, wipeArgs(t)...)
	awaitPending(t, path, g, "S-toolu_wipe")
	decideIn(t, path, "--as", "priya", "approve", "INC-7/S-toolu_wipe", "--rationale", "the host is lost", "--evidence", "EV-1")
	decideIn(t, path, "--as", "ana", "approve", "INC-7/S-toolu_wipe", "--rationale", "agreed", "--evidence", "EV-1")
	if code := g.wait(t); code != 0 {
		t.Fatalf("gate exit %d: %s", code, g.stderr.String())
	}
	if out := g.stdout.String(); !strings.Contains(out, `"permissionDecision":"allow"`) || !strings.Contains(out, "approved by priya and ana: agreed") {
		t.Errorf("answer %s; want an allow naming both approvers", out)
	}
}
