package main

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// Claude Code reads a hook's answer only when it exits 0 and blocks the
// call only when it exits 2; any other status lets the call go ahead
// under its own permission rules. So a gate that read its answer from a
// record that does not verify must not exit 1, as other readers do: it
// refuses the call, and exits 2.
func TestGateAnswersNoCallFromARecordThatDoesNotVerify(t *testing.T) {
	for _, tc := range []struct {
		name  string
		input string
		setup func(t *testing.T, path string)
	}{
		{"a call the policy pre-authorises is not allowed", "claude-code/pretooluse-read.json", nil},
		{"a call a person rejected is still denied, with exit 2", "claude-code/pretooluse-bash.json",
			func(t *testing.T, path string) {
				// The gate runs out of time; a person rejects the call
				// later; the framework runs the hook again for it.
				if r := signoff(t, path, golden(t, "claude-code/pretooluse-bash.json"), gateArgs("claude", gate.ClaudeCode, "--wait", "10ms")...); r.code != 0 {
					t.Fatalf("first run: exit %d: %s", r.code, r.stderr)
				}
				if r := signoff(t, path, "", "--as", "priya", "reject", "INC-7/S-toolu_01Bash", "--rationale", "pen-test vendor"); r.code != 0 {
					t.Fatalf("reject: %s", r.stderr)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := gateDB(t)
			if tc.setup != nil {
				tc.setup(t, path)
			}
			tamperDB(t, path, "UPDATE chain SET payload = replace(payload, 'public web server', 'private web server') WHERE kind = 'asset'")
			r := signoff(t, path, golden(t, tc.input), gateArgs("claude", gate.ClaudeCode, "--wait", "1h")...)
			if r.code != 2 {
				t.Errorf("exit %d; want 2, the only status Claude Code blocks on", r.code)
			}
			if !strings.Contains(r.stdout, `"permissionDecision":"deny"`) || !strings.Contains(r.stdout, "the record was changed outside signoff") {
				t.Errorf("answer %s", r.stdout)
			}
			if !strings.Contains(r.stderr, "the record was changed outside signoff") {
				t.Errorf("stderr %s", r.stderr)
			}
			if n := entriesOf(t, path, "P-S-toolu_02Read"); n != 0 {
				t.Errorf("the record says the agent runs a call it was told not to run (%d entries)", n)
			}
		})
	}
}

// entriesOf counts the audit-chain entries about subject, read as a
// sqlite3 shell would: the record does not verify, so export refuses it.
func entriesOf(t *testing.T, path, subject string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM chain WHERE subject = ?", subject).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The hook in docs/GATE.md names the incident as "$SIGNOFF_INCIDENT";
// started without it, every call is refused, saying why.
func TestGateWithAnEmptyIncidentSaysWhatToSet(t *testing.T) {
	path := gateDB(t)
	r := signoff(t, path, golden(t, "claude-code/pretooluse-read.json"), "gate", "--incident", "", "--agent", "claude", "--from", "claude-code")
	if r.code != 2 || !strings.Contains(r.stderr, "--incident is empty") || !strings.Contains(r.stderr, "SIGNOFF_INCIDENT") {
		t.Errorf("exit %d, %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"permissionDecision":"deny"`) {
		t.Errorf("answer %s", r.stdout)
	}
}
