package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// keyFile writes a new unprotected ed25519 key for person into dir and
// returns its path and its allowed_signers line.
func keyFile(t *testing.T, dir, person string) (path, line string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, person)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, person+"_ed25519")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	pub, _ := ssh.NewPublicKey(priv.Public())
	return path, person + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pub)))
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSignedDecisionsAreCheckedAgainstTheRoster(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	aliceKey, aliceLine := keyFile(t, dir, "alice")
	daveKey, daveLine := keyFile(t, dir, "dave")
	malloryKey, malloryLine := keyFile(t, dir, "mallory")
	signers := writeFile(t, dir, "allowed_signers", "# the team\n"+aliceLine+"\n"+daveLine+"\n"+malloryLine+"\n")
	steps := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"alice signs the first approval", []string{"--as", "alice", "approve", "INC-2046/S3", "--rationale", "token is public", "--evidence", "EV-1", "--sign-key", aliceKey}, 0, "first approval of INC-2046/S3 recorded by alice"},
		{"dave signs the second", []string{"--as", "dave", "approve", "INC-2046/S3", "--rationale", "agreed", "--sign-key", daveKey}, 0, "approved by alice and dave"},
		{"alice signs a verdict", []string{"--as", "alice", "annotate", "INC-2046/S3", "--verdict", "followed", "--note", "as planned", "--sign-key", aliceKey}, 0, "recorded followed on INC-2046/S3 by alice"},
		{"every signature holds", []string{"verify", "--signers", signers}, 0, "4 signatures checked against " + signers + ": every one holds"},
		{"tomas decides with mallory's key", []string{"--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", malloryKey}, 0, "recorded D-S5"},
	}
	for _, s := range steps {
		r := signoff(t, path, "", s.args...)
		if r.code != s.code || !strings.Contains(r.stdout, s.stdout) {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", s.name, r.code, r.stdout, r.stderr)
		}
	}
	r := signoff(t, path, "", "verify", "--signers", signers)
	want := "signature 5 does not hold: decision D-S5 of INC-2046, signed by its owner tomas: key SHA256:"
	if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "is listed in "+signers+" for mallory, not for tomas") {
		t.Fatalf("verify with a forged owner: exit %d, stderr %q", r.code, r.stderr)
	}
	revoked := writeFile(t, dir, "revoked_signers", aliceLine+"\n"+malloryLine+"\n")
	r = signoff(t, path, "", "verify", "--signers", revoked)
	if r.code != 1 || !strings.Contains(r.stderr, "decision D-S3 of INC-2046, signed by its owner dave: key SHA256:") || !strings.Contains(r.stderr, "is not in "+revoked) {
		t.Errorf("verify after dave's key left the roster: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestAPolicyRequiringSignaturesRefusesAnUnsignedDecision(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	b, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	policy := writeFile(t, dir, "policy.toml", strings.Replace(string(b), "require_signature = []", `require_signature = ["high", "critical"]`, 1))
	r := signoff(t, path, "", "--policy", policy, "--as", "dave", "approve", "INC-2046/S4", "--rationale", "snapshot first")
	if r.code != 2 || !strings.Contains(r.stderr, "requires decisions at that tier to be signed") || !strings.Contains(r.stderr, "--sign-key PATH") {
		t.Fatalf("unsigned: exit %d, stderr %q", r.code, r.stderr)
	}
	key, _ := keyFile(t, dir, "dave")
	r = signoff(t, path, "", "--policy", policy, "--as", "dave", "approve", "INC-2046/S4", "--rationale", "snapshot first", "--sign-key", key)
	if r.code != 0 {
		t.Fatalf("signed: exit %d, stderr %q", r.code, r.stderr)
	}
	r = signoff(t, path, "", "--policy", policy, "--as", "bob", "defer", "INC-2046/S8", "--rationale", "later")
	if r.code != 0 {
		t.Errorf("an unsigned low decision was refused: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestSignedStatusChangesAreCheckedAgainstTheRoster(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	aliceKey, aliceLine := keyFile(t, dir, "alice")
	malloryKey, malloryLine := keyFile(t, dir, "mallory")
	signers := writeFile(t, dir, "allowed_signers", aliceLine+"\n"+malloryLine+"\n")
	b, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	policy := writeFile(t, dir, "policy.toml", strings.Replace(string(b), "require_signature = []", `require_signature = ["high", "critical"]`, 1))
	steps := []struct {
		name   string
		env    string // $SIGNOFF_SIGN_KEY
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"a key alone does not change a status", "", []string{"--as", "alice", "status", "INC-2046", "--sign-key", aliceKey},
			2, "", "name the new status"},
		{"alice signs a containment", "", []string{"--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked", "--sign-key", aliceKey},
			0, "recorded ST-1: INC-2046 is now contained", ""},
		{"the history names the key", "", []string{"status", "INC-2046"},
			0, "alice  SHA256:", ""},
		{"an unsigned closing cannot defer signed work", "", []string{"--policy", policy, "--as", "alice", "status", "INC-2046", "closed", "--rationale", "done", "--defer-pending"},
			2, "", "INC-2046 cannot be marked closed: deferring S3 was refused"},
		{"a closing signed from $SIGNOFF_SIGN_KEY signs each deferral", aliceKey, []string{"--policy", policy, "--as", "alice", "status", "INC-2046", "closed", "--rationale", "done", "--defer-pending"},
			0, "recorded ST-2: INC-2046 is now closed (was contained), by alice at 2", ""},
		{"every signature holds", "", []string{"verify", "--signers", signers},
			0, "7 signatures checked against " + signers + ": every one holds", ""},
		{"alice reopens with mallory's key", "", []string{"--as", "alice", "status", "INC-2046", "open", "--rationale", "seen again", "--sign-key", malloryKey},
			0, "recorded ST-3", ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			t.Setenv("SIGNOFF_SIGN_KEY", s.env)
			r := signoff(t, path, "", s.args...)
			if r.code != s.code || !strings.Contains(r.stdout, s.stdout) || !strings.Contains(r.stderr, s.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", r.code, r.stdout, r.stderr, s.code, s.stdout, s.stderr)
			}
		})
	}
	r := signoff(t, path, "", "verify", "--signers", signers)
	if r.code != 1 || !strings.Contains(r.stderr, "signature 8 does not hold: status change ST-3 of INC-2046 to open by alice: key SHA256:") ||
		!strings.Contains(r.stderr, "is listed in "+signers+" for mallory, not for alice") {
		t.Fatalf("verify with a status change signed by another's key: exit %d, stderr %q", r.code, r.stderr)
	}
	// Without a roster the report says a signature holds, not whose key
	// made it; with the policy naming the roster, alice's own is signed
	// and mallory's key, signing for alice, does not verify.
	r = signoff(t, path, "", "report", "INC-2046")
	if !strings.Contains(r.stdout, "| closed | Alice Moreau (alice, SHA256:") || !strings.Contains(r.stdout, ", signature holds; no roster names whose key) | done | ST-2 |") {
		t.Errorf("the report's status history does not name the key:\n%s", r.stdout)
	}
	team := writeFile(t, dir, "team.toml", "signers = \"allowed_signers\"\n"+string(b))
	r = signoff(t, path, "", "--policy", team, "report", "INC-2046")
	if !strings.Contains(r.stdout, ", signed) | done | ST-2 |") || !strings.Contains(r.stdout, ", ⚠ signature does not verify) | seen again | ST-3 |") {
		t.Errorf("the report under the roster does not judge the keys:\n%s", r.stdout)
	}
}
