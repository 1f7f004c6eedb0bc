package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// A gate stopped while it waits (the framework gives up on the hook, a
// person presses ctrl+c) refuses the call, exits 2, and notes what the
// agent was told; nothing is half-written.
func TestGateStoppedWhileItWaitsRefusesTheCallAndSaysSo(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			path := gateDB(t)
			g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
			awaitPending(t, path, g, "S-toolu_01Bash")
			if err := g.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if code := g.wait(t); code != 2 {
				t.Errorf("exit %d; want 2, a block", code)
			}
			if out := g.stdout.String(); !strings.Contains(out, `"permissionDecision":"deny"`) ||
				!strings.Contains(out, "the gate was stopped before a decision on INC-7/S-toolu_01Bash") {
				t.Errorf("answer %s", out)
			}
			var note *model.Event
			for _, e := range exportDoc(t, path).Events {
				if e.Kind == model.KindNote {
					note = &e
				}
			}
			if note == nil || note.Summary != "The gate waiting on S-toolu_01Bash was stopped before anyone decided; agent claude (Claude Code) was told no" {
				t.Errorf("the record does not say what the agent was told: %+v", note)
			}
			if r := signoff(t, path, "", "verify"); r.code != 0 {
				t.Errorf("verify: %s", r.stderr)
			}
		})
	}
}

// A LangChain request whose first action the policy allowed at once and
// whose second waits: stopped, the gate still answers the first as the
// record says it was answered, and refuses only the second.
func TestGateStoppedKeepsTheAnswerOfACallAllowedAtOnce(t *testing.T) {
	path := gateDB(t)
	in := `{"action_requests":[{"name":"Read","args":{"file_path":"/srv/ir/work/auth.log"}},{"name":"block_ip","args":{"ip":"203.0.113.7"}}],
 "review_configs":[{"action_name":"Read","allowed_decisions":["approve","reject"]},{"action_name":"block_ip","allowed_decisions":["approve","edit","reject"]}]}`
	// A LangChain tool is pre-authorised only by a rule bound to LangChain.
	m := filepath.Join(t.TempDir(), "map.toml")
	rules := `[[rule]]
tool = "Read"
from = "langchain-hitl"
when = { file_path = '^/srv/ir/work(/[A-Za-z0-9_][A-Za-z0-9_.@+-]*)+$' }
action = "lookup"
detail = "file_path"

[[rule]]
tool = "block_ip"
from = "langchain-hitl"
action = "block_ip"
target = "ip"
detail = "ip"
asset_kind = "ip"
`
	if err := os.WriteFile(m, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	g := start(t, path, in, gateArgs("soc-agent", gate.LangChainHITL, "--wait", "1h", "--map", m)...)
	for len(pendingIDs(t, path)) == 0 {
		if g.exited() {
			t.Fatalf("the gate ended: %s %s", g.stdout.String(), g.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := g.wait(t); code != 2 {
		t.Errorf("exit %d; want 2", code)
	}
	var answer struct {
		Decisions []struct{ Type, Message string }
	}
	if err := json.Unmarshal(g.stdout.Bytes(), &answer); err != nil || len(answer.Decisions) != 2 {
		t.Fatalf("answer %s: %v", g.stdout.String(), err)
	}
	if d := answer.Decisions[0]; d.Type != "approve" {
		t.Errorf("the call the record says was allowed at once was answered %+v", d)
	}
	if d := answer.Decisions[1]; d.Type != "reject" || !strings.Contains(d.Message, "the gate was stopped before a decision") {
		t.Errorf("the waiting call was answered %+v", d)
	}
}
