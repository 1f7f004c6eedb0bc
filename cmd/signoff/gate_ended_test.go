package main

import (
	"encoding/json"
	"strings"
	"syscall"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// A suggestion stays pending once its gate has stopped waiting (stopped,
// or its --wait ran out), and can still be decided: pending --json says
// the gate ended and how, and approve or reject records the person's call
// and says on stderr that nothing will run it.
func TestADecisionAfterTheGateEndedIsRecordedAndSaysItRunsNothing(t *testing.T) {
	path := gateDB(t)
	stopped := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
	awaitPending(t, path, stopped, "S-toolu_01Bash")
	if err := stopped.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := stopped.wait(t); code != 2 {
		t.Fatalf("the stopped gate exited %d: %s", code, stopped.stderr.String())
	}
	const mcp = "S-mcpr_68a1d2b0c3e48190a7b5c6d7e8f90123"
	timedOut := start(t, path, "testdata/gate/openai-mcp/mcp_approval_request.json", gateArgs("responder", gate.OpenAIMCP, "--wait", "1s")...)
	if code := timedOut.wait(t); code != 0 {
		t.Fatalf("the gate whose wait ran out exited %d: %s", code, timedOut.stderr.String())
	}

	r := signoff(t, path, "", "pending", "--json")
	var lines []pendingLine
	if err := json.Unmarshal([]byte(r.stdout), &lines); err != nil || r.code != 0 {
		t.Fatalf("pending --json: %v %s", err, r.stderr)
	}
	ended := map[string]string{}
	for _, l := range lines {
		if l.GateEnded == nil || l.GateEndedAt == nil {
			ended[l.ID] = "live"
			continue
		}
		ended[l.ID] = string(*l.GateEnded)
	}
	if ended["S-toolu_01Bash"] != "stopped" || ended[mcp] != "timed_out" || len(ended) != 2 {
		t.Errorf("pending --json says the gates ended %v; want S-toolu_01Bash stopped, %s timed_out", ended, mcp)
	}
	if !strings.Contains(r.stdout, `"gate_ended": "stopped"`) || !strings.Contains(r.stdout, `"gate_ended": "timed_out"`) {
		t.Errorf("the JSON does not spell gate_ended: %s", r.stdout)
	}
	table := signoff(t, path, "", "pending").stdout
	for _, want := range []string{"(gate stopped)", "(wait ran out)"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}

	r = signoff(t, path, "", "--as", "priya", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it anyway")
	if r.code != 0 || !strings.Contains(r.stdout, "D-S-toolu_01Bash") {
		t.Fatalf("approving after the gate stopped: exit %d, %s %s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "signoff: note: The agent was told no at ") ||
		!strings.Contains(r.stderr, " UTC (its gate stopped): a decision now records your call but runs nothing, unless the agent asks again under the same call id.") {
		t.Errorf("approve does not say the gate had stopped: %q", r.stderr)
	}
	r = signoff(t, path, "", "--as", "priya", "reject", "INC-7/"+mcp, "--rationale", "not now")
	if r.code != 0 || !strings.Contains(r.stderr, "(its wait ran out): a decision now records your call but runs nothing") {
		t.Errorf("reject after the wait ran out: exit %d, %q", r.code, r.stderr)
	}
	var chose model.Outcome
	for _, e := range exportDoc(t, path).Events {
		if e.Kind == model.KindDecision && e.Suggestion == "S-toolu_01Bash" {
			chose = e.Outcome
		}
	}
	if chose != model.OutcomeApproved {
		t.Errorf("the record does not say priya approved S-toolu_01Bash: %q", chose)
	}
}

// Where an incident's pending work is counted on the command line, an item
// whose gate already answered its agent is counted as pending and said to
// be one: `status` (text and --json) and `incidents`.
func TestStatusAndIncidentsCountTheItemsWhoseGateEnded(t *testing.T) {
	path := gateDB(t)
	timedOut := start(t, path, "testdata/gate/openai-mcp/mcp_approval_request.json", gateArgs("responder", gate.OpenAIMCP, "--wait", "1s")...)
	if code := timedOut.wait(t); code != 0 {
		t.Fatalf("the gate whose wait ran out exited %d: %s", code, timedOut.stderr.String())
	}
	r := signoff(t, path, "", "status", "INC-7")
	if r.code != 0 || !strings.Contains(r.stdout, "1 pending (1 gate ended): resolving or closing needs each decided or deferred; a gate that ended already answered its agent, so a decision on its item records the call and runs nothing") {
		t.Errorf("status: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = signoff(t, path, "", "status", "INC-7", "--json")
	var shown statusShown
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || shown.Pending != 1 || shown.PendingGateEnded != 1 ||
		!strings.Contains(r.stdout, `"pending_gate_ended": 1`) {
		t.Errorf("status --json: %v\n%s", err, r.stdout)
	}
	r = signoff(t, path, "", "incidents")
	if !strings.Contains(r.stdout, "1 (1 gate ended)") {
		t.Errorf("incidents does not say the gate of its pending item ended:\n%s", r.stdout)
	}
	r = signoff(t, path, "", "--as", "priya", "status", "INC-7", "closed", "--rationale", "done")
	if r.code != 2 || !strings.Contains(r.stderr, "(gate ended)); its gate already answered its agent, so a decision on it runs nothing, but it is pending all the same") {
		t.Errorf("closing over it: exit %d %s", r.code, r.stderr)
	}
}
