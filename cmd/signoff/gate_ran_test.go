package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// An approval lets its call run once: the same call asked again after
// its --result recorded the run (a replayed hook input, a framework that
// resends a call id) is answered no, naming the run, and nothing runs it
// a second time.
func TestACallAskedAgainAfterItRanIsNotRunAgain(t *testing.T) {
	const call = "testdata/gate/claude-code/pretooluse-bash.json"
	path := gateDB(t)
	g := start(t, path, call, gateArgs("claude", gate.ClaudeCode)...)
	awaitPending(t, path, g, "S-toolu_01Bash")
	decideIn(t, path, "--as", "tomas", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it")
	if code := g.wait(t); code != 0 || !strings.Contains(g.stdout.String(), `"permissionDecision":"allow"`) {
		t.Fatalf("the first ask: exit %d, %s", code, g.stdout.String())
	}
	post := start(t, path, postToolUse(t, "toolu_01Bash", "iptables -A INPUT -s 203.0.113.7 -j DROP"),
		"gate", "--incident", "INC-7", "--agent", "claude", "--from", "claude-code", "--map", gateMap, "--result")
	if code := post.wait(t); code != 0 {
		t.Fatalf("--result: exit %d: %s", code, post.stderr.String())
	}
	again := start(t, path, call, gateArgs("claude", gate.ClaudeCode)...)
	if code := again.wait(t); code != 0 {
		t.Fatalf("asked again: exit %d: %s", code, again.stderr.String())
	}
	out := again.stdout.String()
	if !strings.Contains(out, `"permissionDecision":"deny"`) || !strings.Contains(out, "already carried out by claude") ||
		!strings.Contains(out, "INC-7/X-S-toolu_01Bash), so it is not run again") {
		t.Errorf("asked again after it ran, the gate answered %s", out)
	}
}
