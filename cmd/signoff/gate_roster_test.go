package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review/signing"
)

// signerOf reads the private key file at path.
func signerOf(t *testing.T, path string) ssh.Signer {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A stream can append a decision signed with any key. The gate runs no
// decision a stream appended, and with a roster named in the gate's
// policy it says too when the key is not its owner's, as the queue would
// have refused it.
func TestGateDoesNotRunADecisionSignedWithAKeyTheRosterDoesNotGiveItsOwner(t *testing.T) {
	dir := t.TempDir()
	priyaKey, priyaLine := keyFile(t, dir, "priya")
	malloryKey, malloryLine := keyFile(t, dir, "mallory")
	signers := writeFile(t, dir, "allowed_signers", priyaLine+"\n"+malloryLine+"\n")
	policy := rosterPolicy(t, dir, signers, "[]")
	isolate := `{"session_id":"s1","hook_event_name":"PreToolUse","tool_name":"mcp__edr__isolate_host",` +
		`"tool_input":{"host":"web-03","reason":"beaconing"},"tool_use_id":"toolu_iso"}`
	head := `{"record":"incident","format":"signoff.incident/v1","id":"INC-7","title":"Credential stuffing on the VPN","severity":"sev2","status":"open","opened_at":"2026-11-30T08:00:00Z","commander":"priya","summary":"A single source tries leaked passwords against the VPN portal."}` + "\n"
	signedBy := func(key string) string {
		// Decided now: after the gate's suggestion, and not ahead of the
		// clock, as an import requires.
		d := model.Event{ID: "D-imported", At: time.Now().UTC(), Kind: model.KindDecision, Suggestion: "S-toolu_iso",
			Owner: "priya", Outcome: model.OutcomeApproved, Rationale: "go",
			Action: &model.Action{Type: "isolate_host", Target: "web-03", Detail: `{"host":"web-03","reason":"beaconing"}`}}
		st := signing.Decision{Incident: "INC-7", Suggestion: d.Suggestion, By: d.Owner, Outcome: d.Outcome, Action: d.Action, Rationale: d.Rationale}
		sig, err := signing.Sign(signerOf(t, key), st.Text())
		if err != nil {
			t.Fatal(err)
		}
		d.Signature = &sig
		line, err := json.Marshal(format.EventLine{Record: format.RecordEvent, Event: d})
		if err != nil {
			t.Fatal(err)
		}
		return head + string(line) + "\n"
	}
	cases := []struct {
		name, policy, key string
		mismatch          bool
	}{
		{"signed with mallory's key, under a policy naming the roster", policy, malloryKey, true},
		{"signed with priya's own key, under a policy naming the roster", policy, priyaKey, false},
		{"signed with mallory's key, under a policy naming none", "", malloryKey, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			args := gateArgs("claude", gate.ClaudeCode)
			if tc.policy != "" {
				args = append([]string{"--policy", tc.policy}, args...)
			}
			g := start(t, path, isolate, args...)
			awaitPending(t, path, g, "S-toolu_iso")
			if r := signoff(t, path, signedBy(tc.key), "import", "-"); r.code != 0 {
				t.Fatalf("import: %s", r.stderr)
			}
			if code := g.wait(t); code != 0 {
				t.Fatalf("gate exit %d: %s", code, g.stderr.String())
			}
			out := g.stdout.String()
			if !strings.Contains(out, `"permissionDecision":"deny"`) || !strings.Contains(out, "D-imported was appended by an import") {
				t.Fatalf("answer %s; want a deny of the imported decision", out)
			}
			if said := strings.Contains(out, "for mallory, not for priya"); said != tc.mismatch {
				t.Errorf("the denial says whose key it was: %v; want %v: %s", said, tc.mismatch, out)
			}
		})
	}
}
