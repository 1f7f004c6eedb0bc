package main

import (
	"strings"
	"testing"
)

// An OpenAI MCP approval whose model-written arguments name a host twice,
// or as host and Host, is refused (exit 2, the reason on standard error,
// as for any request the gate cannot read), and nothing is recorded.
func TestGateRefusesArgumentsThatNameAKeyTwice(t *testing.T) {
	for name, args := range map[string]string{
		"the same key twice":     `{\"host\":\"web-03\",\"host\":\"dc-01\",\"reason\":\"x\"}`,
		"keys differing in case": `{\"host\":\"web-03\",\"Host\":\"dc-01\",\"reason\":\"x\"}`,
	} {
		t.Run(name, func(t *testing.T) {
			path := gateDB(t)
			in := `{"id":"mcpr_dup","type":"mcp_approval_request","arguments":"` + args + `","name":"isolate_host","server_label":"edr"}`
			r := signoff(t, path, in, gateArgs("responder", "openai-mcp", "--wait", "1s")...)
			if r.code != 2 || strings.Contains(r.stdout, `"approve":true`) || !strings.Contains(r.stderr, "what a person approves may not be what runs") {
				t.Fatalf("exit %d, %s, %s", r.code, r.stdout, r.stderr)
			}
			if ids := pendingIDs(t, path); len(ids) != 0 {
				t.Errorf("recorded: %v", ids)
			}
		})
	}
}
