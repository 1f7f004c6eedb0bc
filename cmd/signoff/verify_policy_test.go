package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// verify without --signers checks signatures against the roster the
// policy in force names, and says which roster it used, or that none was
// named; --signers names another.
func TestVerifyChecksSignaturesAgainstThePolicysRoster(t *testing.T) {
	path, dir := demoDB(t), t.TempDir()
	_, tomasLine := keyFile(t, dir, "tomas")
	malloryKey, malloryLine := keyFile(t, dir, "mallory")
	if r := signoff(t, path, "", "--as", "tomas", "approve", "INC-2046/S5", "--rationale", "cheap", "--sign-key", malloryKey); r.code != 0 {
		t.Fatalf("tomas decides with mallory's key: exit %d, stderr %q", r.code, r.stderr)
	}
	b, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	team := writeFile(t, dir, "team.toml", "signers = \"allowed_signers\"\n"+string(b))
	roster := filepath.Join(dir, "allowed_signers")
	writeFile(t, dir, "allowed_signers", tomasLine+"\n"+malloryLine+"\n")
	lax := writeFile(t, dir, "lax_signers", strings.Replace(malloryLine, "mallory ", "tomas,mallory ", 1)+"\n")
	lost := writeFile(t, dir, "lost.toml", "signers = \"gone_signers\"\n"+string(b))
	cases := []struct {
		name           string
		args           []string
		code           int
		stdout, stderr string
	}{
		{"the bundled policy names no roster", []string{"verify"}, 0,
			"signatures not checked against a roster: the bundled policy names none (give --signers FILE, or signers in the policy)", ""},
		{"a policy naming one is held to it", []string{"--policy", team, "verify"}, 1,
			"the audit chain is intact", "signature 1 does not hold: decision D-S5 of INC-2046, signed by its owner tomas: key SHA256:"},
		{"a roster named and not there is refused", []string{"--policy", lost, "verify"}, 2,
			"", "policy file " + lost + " names the allowed signers file " + filepath.Join(dir, "gone_signers") + ", which cannot be read"},
		{"--signers names another roster", []string{"--policy", team, "verify", "--signers", lax}, 0,
			"1 signature checked against " + lax + ": every one holds", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != c.code || !strings.Contains(r.stdout, c.stdout) || !strings.Contains(r.stderr, c.stderr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q", r.code, r.stdout, r.stderr, c.code, c.stdout, c.stderr)
			}
		})
	}
	r := signoff(t, path, "", "--policy", team, "verify")
	if !strings.Contains(r.stderr, "is listed in "+roster+" for mallory, not for tomas") {
		t.Errorf("the refusal does not name the policy's roster %s: %q", roster, r.stderr)
	}
	writeFile(t, dir, "allowed_signers", strings.Replace(malloryLine, "mallory ", "tomas ", 1)+"\n")
	r = signoff(t, path, "", "--policy", team, "verify")
	if want := "1 signature checked against " + roster + " (named by policy " + team + "): every one holds"; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("with mallory's key listed for tomas: exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
}

// A record without signatures says so, not "0 signatures checked …:
// every one holds", which reads as if some had been.
func TestVerifySaysWhenThereIsNoSignatureToCheck(t *testing.T) {
	path := demoDB(t)
	dir := t.TempDir()
	roster := filepath.Join(dir, "allowed_signers")
	writeFile(t, dir, "allowed_signers", "")
	r := signoff(t, path, "", "verify", "--signers", roster)
	if want := "no signature in the record to check against " + roster + "\n"; r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d, stdout %q, stderr %q; want %q", r.code, r.stdout, r.stderr, want)
	}
}
