package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model/gate"
)

// The policy that judges a gated call is the one its gate runs with: the
// person deciding does not pick the rules they are held to, by passing a
// file of their own or by leaving --policy out.
func TestAGatedCallIsDecidedUnderTheGatesPolicy(t *testing.T) {
	def, err := os.ReadFile("../../review/default_policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	team := filepath.Join(dir, "team.toml")
	// The team's policy: the default, with wipe_host high rather than critical.
	teamText := strings.Replace(string(def), `wipe_host        = { class = "containment", tier = "critical" }`, `wipe_host        = { class = "containment", tier = "high" }`, 1)
	if teamText == string(def) {
		t.Fatal("the default policy no longer has the line this test changes")
	}
	own := filepath.Join(dir, "own.toml")
	// Someone's own: block_ip low.
	ownText := strings.Replace(teamText, `block_ip         = { class = "containment", tier = "medium" }`, `block_ip         = { class = "containment", tier = "low" }`, 1)
	for name, text := range map[string]string{team: teamText, own: ownText} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	path := gateDB(t)
	g := start(t, path, "testdata/gate/claude-code/pretooluse-bash.json", append([]string{"--policy", team}, gateArgs("claude", gate.ClaudeCode, "--wait", "60s")...)...)
	awaitPending(t, path, g, "S-toolu_01Bash")
	for _, policy := range []string{"", own} {
		args := []string{"--as", "tomas", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it"}
		if policy != "" {
			args = append([]string{"--policy", policy}, args...)
		}
		r := signoff(t, path, "", args...)
		if r.code == 0 || !strings.Contains(r.stderr, "came through the gate under policy") || !strings.Contains(r.stderr, "team.toml") {
			t.Fatalf("approved under policy %q (exit %d): %s", policy, r.code, r.stderr)
		}
	}
	decideIn(t, path, "--policy", team, "--as", "tomas", "approve", "INC-7/S-toolu_01Bash", "--rationale", "block it")
	if code := g.wait(t); code != 0 || !strings.Contains(g.stdout.String(), `"permissionDecision":"allow"`) {
		t.Fatalf("gate exit %d: %s %s", code, g.stdout.String(), g.stderr.String())
	}
	// A [status] table of tomas's own (medium may close) does not close
	// the incident the gate serves; the team's policy, under which he may
	// not, refuses him as it should.
	mine := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(mine, []byte(strings.Replace(teamText, "authority = \"high\"\n\n[actions]", "authority = \"medium\"\n\n[actions]", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := signoff(t, path, "", "--policy", mine, "--as", "tomas", "status", "INC-7", "closed", "--rationale", "I close it")
	if r.code == 0 || !strings.Contains(r.stderr, "has calls recorded by the gate under policy") {
		t.Fatalf("closed under a policy of his own (exit %d): %s", r.code, r.stderr)
	}
	if r := signoff(t, path, "", "--policy", team, "--as", "priya", "status", "INC-7", "contained", "--rationale", "blocked"); r.code != 0 {
		t.Fatalf("the commander, under the gate's policy: exit %d: %s", r.code, r.stderr)
	}
}
