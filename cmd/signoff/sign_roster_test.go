package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// fingerprint is the SHA256 fingerprint of the private key file at path.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.ParsePrivateKey(b)
	if err != nil {
		t.Fatal(err)
	}
	return ssh.FingerprintSHA256(s.PublicKey())
}

// rosterPolicy writes the bundled policy naming signers as its roster,
// with require_signature set to required.
func rosterPolicy(t *testing.T, dir, signers, required string) string {
	t.Helper()
	b, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "require_signature = []", "require_signature = "+required+"\nsigners = "+`"`+signers+`"`, 1)
	return writeFile(t, dir, "policy.toml", text)
}

func TestARosterInThePolicyRefusesASignatureByAnotherPersonsKey(t *testing.T) {
	dir := t.TempDir()
	tomasKey, tomasLine := keyFile(t, dir, "tomas")
	aliceKey, aliceLine := keyFile(t, dir, "alice")
	malloryKey, malloryLine := keyFile(t, dir, "mallory")
	signers := writeFile(t, dir, "allowed_signers", tomasLine+"\n"+aliceLine+"\n"+malloryLine+"\n")
	required := rosterPolicy(t, dir, signers, `["medium", "high", "critical"]`)
	optional := writeFile(t, t.TempDir(), "policy.toml", strings.Replace(readFile(t, required), `require_signature = ["medium", "high", "critical"]`, "require_signature = []", 1))
	mallory := fingerprint(t, malloryKey)
	refusal := []string{"signoff: key " + mallory + " is listed in " + signers + " for mallory, not for tomas, so ",
		"was not recorded: policy " + required + " takes only signatures by a key its roster lists for tomas; sign with yours, or ask whoever keeps " + signers + " to list it\n"}
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr []string
	}{
		{"tomas approving with mallory's key is refused where the policy requires a signature",
			[]string{"--policy", required, "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", malloryKey},
			2, "", append([]string{"so the decision to approve S5 of INC-2046 was not recorded"}, refusal...)},
		{"tomas approving with mallory's key is refused where the policy only names the roster",
			[]string{"--policy", optional, "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", malloryKey},
			2, "", refusal[:1]},
		{"tomas verdict with mallory's key is refused",
			[]string{"--policy", optional, "--as", "tomas", "annotate", "INC-2046/S1", "--verdict", "proposed", "--sign-key", malloryKey},
			2, "", append([]string{"so the verdict on S1 of INC-2046 was not recorded"}, refusal[:1]...)},
		{"tomas approving with his own key is recorded",
			[]string{"--policy", required, "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", tomasKey},
			0, "recorded D-S5", nil},
		{"alice marking the incident contained with mallory's key is refused",
			[]string{"--policy", optional, "--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked", "--sign-key", malloryKey},
			2, "", []string{"key " + mallory + " is listed in " + signers + " for mallory, not for alice, so the change of INC-2046 to contained was not recorded"}},
		{"alice marking it contained with her own key is recorded",
			[]string{"--policy", optional, "--as", "alice", "status", "INC-2046", "contained", "--rationale", "token revoked", "--sign-key", aliceKey},
			0, "recorded ST-1", nil},
	}
	path := demoDB(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != c.code || !strings.Contains(r.stdout, c.stdout) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", r.code, r.stdout, r.stderr, c.code, c.stdout)
			}
			for _, want := range c.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q does not say %q", r.stderr, want)
				}
			}
		})
	}
}

func TestWithoutARosterAnyKeySignsAsToday(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	malloryKey, _ := keyFile(t, dir, "mallory")
	r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", malloryKey)
	if r.code != 0 || !strings.Contains(r.stdout, "recorded D-S5") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestThePolicysRosterIsReadBesideThePolicyAndMustBeReadable(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	tomasKey, tomasLine := keyFile(t, dir, "tomas")
	writeFile(t, dir, "allowed_signers", tomasLine+"\n")
	policy := rosterPolicy(t, dir, "allowed_signers", "[]")
	r := signoff(t, path, "", "--policy", policy, "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", tomasKey)
	if r.code != 0 {
		t.Fatalf("a roster named relative to its policy: exit %d, stderr %q", r.code, r.stderr)
	}
	missing := rosterPolicy(t, t.TempDir(), "allowed_signers", "[]")
	r = signoff(t, path, "", "--policy", missing, "--as", "tomas", "reject", "INC-2046/S6", "--rationale", "no")
	want := "policy file " + missing + " names the allowed signers file " + filepath.Join(filepath.Dir(missing), "allowed_signers") + ", which cannot be read"
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Fatalf("a missing roster: exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
