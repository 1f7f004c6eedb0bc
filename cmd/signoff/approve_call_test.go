package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// bashCall is Claude Code's PreToolUse request for a Bash command, under
// call id id.
func bashCall(id, command string) string {
	return `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"Bash","tool_use_id":"` + id + `",` +
		`"tool_input":{"command":"` + command + `","description":"Block the source","timeout":120000}}`
}

// What approve prints on success names the whole call it lets run, so the
// terminal keeps what was approved: the tool and every argument, here one
// (timeout) the mapping does not read; a modification prints the changed
// arguments the gate answers with.
func TestApprovePrintsTheWholeGatedCallItLetsRun(t *testing.T) {
	path := gateDB(t)
	cases := []struct {
		name, id string
		args     []string
		want     string
	}{
		{"an approval", "toolu_ap", nil,
			`  arguments: {"command":"iptables -A INPUT -s 203.0.113.7 -j DROP","description":"Block the source","timeout":120000}`},
		{"a modification", "toolu_mod", []string{"--action-detail", "iptables -I INPUT -s 203.0.113.7 -j DROP"},
			`  arguments: {"command":"iptables -I INPUT -s 203.0.113.7 -j DROP","description":"Block the source","timeout":120000}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := start(t, path, bashCall(tc.id, "iptables -A INPUT -s 203.0.113.7 -j DROP"), gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
			awaitPending(t, path, g, "S-"+tc.id)
			r := signoff(t, path, "", append([]string{"--as", "priya", "approve", "INC-7/S-" + tc.id, "--rationale", "single source"}, tc.args...)...)
			if r.code != 0 {
				t.Fatalf("approve: exit %d: %s", r.code, r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			if len(lines) < 3 || !strings.HasPrefix(lines[0], "recorded D-S-"+tc.id) || lines[1] != "  call: Claude Code · tool Bash" || unwrapped(lines[2:]) != tc.want {
				t.Errorf("approve printed:\n%s\nwant the recorded line, then the call and\n%s", r.stdout, tc.want)
			}
			if code := g.wait(t); code != 0 {
				t.Errorf("gate exit %d: %s", code, g.stderr.String())
			}
		})
	}
}

// unwrapped joins a field callLines wrapped: its further lines are
// indented under the text's start.
func unwrapped(lines []string) string {
	out := lines[0]
	for _, l := range lines[1:] {
		out += strings.TrimLeft(l, " ")
	}
	return out
}

// reject and defer print the call they decided, too.
func TestRejectAndDeferPrintTheWholeGatedCall(t *testing.T) {
	path := gateDB(t)
	for i, verb := range []string{"reject", "defer"} {
		id := []string{"mcpr_rej", "mcpr_def"}[i]
		gatedCall(t, path, id, `{"ip":"198.51.100.9","also_run":"rm -rf /"}`)
		r := signoff(t, path, "", "--as", "priya", verb, "INC-7/S-"+id, "--rationale", "not this server")
		want := "\n  call: OpenAI Responses · MCP server random-community-server · tool block_ip\n" +
			`  arguments: {"also_run":"rm -rf /","ip":"198.51.100.9"}` + "\n"
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("%s: exit %d, printed %q; want it to name the call:%s", verb, r.code, r.stdout, want)
		}
	}
}

// approve --help sends the person to pending before approving a gated call.
func TestApproveHelpSaysToReadPendingFirst(t *testing.T) {
	r := signoff(t, tempDB(t), "", "approve", "--help")
	if !strings.Contains(r.stdout, `Read it first with "signoff pending"`) {
		t.Errorf("approve --help does not say to read pending first:\n%s", r.stdout)
	}
}
