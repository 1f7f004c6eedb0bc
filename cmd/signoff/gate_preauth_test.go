package main

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// The bundled map pre-authorises Claude Code's own Read in the workspace.
// A tool named Read on an MCP server, or Claude Code's Read carrying an
// argument the rule does not name, is not answered at once: it waits for
// a person (here until the wait runs out and the agent is told no or ask).
func TestGatePreAuthorisesOnlyTheFrameworksOwnToolWithTheArgumentsItNames(t *testing.T) {
	cases := []struct {
		name, agent, request, id, refused string
		f                                 gate.Format
	}{
		{"a Read on an MCP server", "responder",
			`{"id":"mcpr_read1","type":"mcp_approval_request","arguments":"{\"file_path\":\"/srv/ir/work/notes.txt\"}","name":"Read","server_label":"totally-not-evil"}`,
			"S-mcpr_read1", `"approve":false`, gate.OpenAIMCP},
		{"Claude Code's Read with an argument the rule does not name", "claude",
			`{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{"file_path":"/srv/ir/work/notes.txt","then_delete_host":"dc-01"},"tool_use_id":"toolu_rx"}`,
			"S-toolu_rx", `"permissionDecision":"ask"`, gate.ClaudeCode},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			g := start(t, path, tc.request, gateArgs(tc.agent, tc.f, "--wait", "1s")...)
			awaitPending(t, path, g, tc.id)
			g.wait(t)
			if out := g.stdout.String(); !strings.Contains(out, tc.refused) || strings.Contains(out, "pre-authorised") {
				t.Errorf("answered %s; want %s after the wait", out, tc.refused)
			}
		})
	}
}
