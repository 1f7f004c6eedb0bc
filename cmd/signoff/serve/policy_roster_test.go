package serve

import (
	"os"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
)

// A policy that names the server's own roster judges a session's
// signatures by the roster as the server last read it: a person whose key
// was replaced in the file logs in with the new key and signs with it,
// without the server being restarted.
func TestAPolicyNamingTheServersRosterFollowsItsReloads(t *testing.T) {
	b, err := os.ReadFile("../../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	f := start(t, 2, 2, func(c *Config) {
		text := strings.Replace(string(b), "require_signature = []", `require_signature = ["medium"]`+"\nsigners = "+`"`+c.Signers+`"`, 1)
		p, err := review.LoadPolicy(strings.NewReader(text), "team.toml")
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(c.Signers)
		if err != nil {
			t.Fatal(err)
		}
		r, err := signing.ParseRoster(raw, c.Signers)
		if err != nil {
			t.Fatal(err)
		}
		c.Policy = p.WithRoster(r)
	})
	replaced := newKey(t)
	if err := os.WriteFile(f.signers, []byte(rosterLine("p01", replaced)+rosterLine("p02", f.keys["p02"])), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.Reload(); err != nil {
		t.Fatal(err)
	}
	ring := keyring(t, replaced)
	tm := f.openWith(replaced, 100, 30, func(c *gossh.Client, s *gossh.Session) {
		if err := forwardAgent(c, s, ring); err != nil {
			t.Fatal(err)
		}
	})
	tm.send("P")
	tm.must(wait, "deciding as p01")
	tm.approveForm()
	tm.send("2026 11", "\t", " ", "\r")
	got, err := tm.waitFor(wait, "re:Recorded D-S[0-9]+", `re:was[\s│]+not[\s│]+recorded`)
	id, ok := strings.CutPrefix(got, "Recorded D-")
	if err != nil || !ok {
		t.Fatalf("the decision signed with p01's new key was not recorded (%v):\n%s", err, tm.tail())
	}
	d := decisionOf(t, f, id)
	if d == nil || d.Signature == nil || d.Signature.Key != signing.Fingerprint(replaced.PublicKey()) {
		t.Fatalf("decision %+v; want it signed with p01's new key", d)
	}
}
