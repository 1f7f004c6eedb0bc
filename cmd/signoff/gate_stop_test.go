package main

import (
	"os"
	"strings"
	"syscall"
	"testing"

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
