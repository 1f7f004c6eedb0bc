package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/signoff/signoff/model/gate"
)

// gateNotes are the summaries of the gate's notes on INC-7, in order.
func gateNotes(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	for _, e := range exportDoc(t, path).Events {
		if e.Actor == gate.NoteActor {
			out = append(out, e.Summary)
		}
	}
	return out
}

// Two gates wait on one call (the framework asked again while the first
// still waited), and one of them is stopped: the other still waits and
// will run what is approved, so the record shows the item live, and the
// approval is not said to run nothing. Whichever stops first.
func TestAGateStoppedWhileAnotherWaitsOnTheSameCallLeavesTheItemLive(t *testing.T) {
	const call = "testdata/gate/claude-code/pretooluse-bash.json"
	for _, stopFirst := range []string{"the gate that recorded the call", "the gate asked again"} {
		t.Run(stopFirst, func(t *testing.T) {
			path := gateDB(t)
			first := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
			awaitPending(t, path, first, "S-toolu_01Bash")
			second := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
			for deadline := time.Now().Add(30 * time.Second); len(gateNotes(t, path)) == 0; time.Sleep(20 * time.Millisecond) {
				if second.exited() || time.Now().After(deadline) {
					t.Fatalf("the second gate never noted that it waits: %q %q", second.stdout.String(), second.stderr.String())
				}
			}
			stopped, waiting := first, second
			if stopFirst == "the gate asked again" {
				stopped, waiting = second, first
			}
			if err := stopped.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if code := stopped.wait(t); code != 2 {
				t.Fatalf("the stopped gate exited %d: %s", code, stopped.stderr.String())
			}
			if got := gateEndedOf(t, path, "S-toolu_01Bash"); got != "live" {
				t.Errorf("one gate stopped while another waits: pending says %s, want live (notes %q)", got, gateNotes(t, path))
			}
			r := signoff(t, path, "", "--as", "priya", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it")
			if r.code != 0 || strings.Contains(r.stderr, "runs nothing") {
				t.Errorf("approving while a gate waits: exit %d, stderr %q", r.code, r.stderr)
			}
			if code := waiting.wait(t); code != 0 || !strings.Contains(waiting.stdout.String(), `"permissionDecision":"allow"`) {
				t.Errorf("the gate still waiting exited %d and answered %s", code, waiting.stdout.String())
			}
			if r := signoff(t, path, "", "verify"); r.code != 0 {
				t.Errorf("verify: %s", r.stderr)
			}
		})
	}
}

// Once both gates waiting on a call are stopped, the item shows that its
// gate ended, as it does when its only gate stops.
func TestTheLastOfTwoGatesStoppedMarksTheItemAnswered(t *testing.T) {
	const call = "testdata/gate/claude-code/pretooluse-bash.json"
	path := gateDB(t)
	first := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	awaitPending(t, path, first, "S-toolu_01Bash")
	second := start(t, path, call, gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	for deadline := time.Now().Add(30 * time.Second); len(gateNotes(t, path)) == 0; time.Sleep(20 * time.Millisecond) {
		if second.exited() || time.Now().After(deadline) {
			t.Fatalf("the second gate never noted that it waits: %q", second.stderr.String())
		}
	}
	for _, g := range []*running{first, second} {
		if err := g.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := g.wait(t); code != 2 {
			t.Fatalf("a stopped gate exited %d: %s", code, g.stderr.String())
		}
	}
	if got := gateEndedOf(t, path, "S-toolu_01Bash"); got != "stopped" {
		t.Errorf("both gates stopped: pending says %s, want stopped (notes %q)", got, gateNotes(t, path))
	}
}

// A framework asking again in a loop after the call's --wait ran out is
// answered at once each time; the record says once that the wait ran out,
// not once for every time it asked.
func TestAGateAskedAgainAfterItsWaitRanOutNotesItOnce(t *testing.T) {
	const call = "testdata/gate/openai-mcp/mcp_approval_request.json"
	path := gateDB(t)
	for i := range 3 {
		g := start(t, path, call, gateArgs("responder", gate.OpenAIMCP, "--wait", "1s")...)
		if code := g.wait(t); code != 0 || !strings.Contains(g.stdout.String(), `"approve":false`) {
			t.Fatalf("run %d exited %d and answered %s %s", i+1, code, g.stdout.String(), g.stderr.String())
		}
	}
	if notes := gateNotes(t, path); len(notes) != 1 || !strings.HasPrefix(notes[0], "No decision on S-mcpr_") {
		t.Errorf("the gate's notes after three runs: %q; want the one that says the wait ran out", notes)
	}
	if got := gateEndedOf(t, path, "S-mcpr_68a1d2b0c3e48190a7b5c6d7e8f90123"); got != "timed_out" {
		t.Errorf("pending says %s, want timed_out", got)
	}
}
