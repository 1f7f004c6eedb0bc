package review

import (
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
)

// The decision line says "signed" only for a signature that holds against
// the person's key in the policy's roster; a forged one (a signature
// claiming a statement it was not made over), or a good one by a key the
// roster gives someone else, says it does not verify, on a narrow pane
// and on a wide one.
func TestTheDecisionLineSaysSignedOnlyForASignatureThatHolds(t *testing.T) {
	newKey := func() ssh.Signer {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		k, err := ssh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	alice, mallory := newKey(), newKey()
	p, err := rules.LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n[actions]\nenrich = { class = \"read\", tier = \"low\" }\n"), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	roster, err := signing.ParseRoster([]byte("alice "+string(ssh.MarshalAuthorizedKey(alice.PublicKey()))+
		"mallory "+string(ssh.MarshalAuthorizedKey(mallory.PublicKey()))), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	pol := p.WithRoster(roster)
	sign := func(k ssh.Signer, d *model.Event, extra string) *model.Signature {
		text := signing.Decision{Incident: "INC-1", Suggestion: d.Suggestion, By: d.Owner, Outcome: d.Outcome,
			Action: d.Action, Rationale: d.Rationale, Evidence: d.EvidenceReviewed}.Text()
		sig, err := signing.Sign(k, text+extra)
		if err != nil {
			t.Fatal(err)
		}
		sig.Statement = text
		return &sig
	}
	cases := []struct {
		name string
		sig  func(d *model.Event) *model.Signature
		want string // what the narrow pane says after the key
		mark string // what the wide one's column says, wrapped
	}{
		{"a signature by the owner's key holds", func(d *model.Event) *model.Signature { return sign(alice, d, "") }, " (signed)", "(signed)"},
		{"a forged signature does not verify", func(d *model.Event) *model.Signature { return sign(alice, d, "forged") },
			" ⚠ signature does not verify: it does not verify over its statement", "⚠ signature does not verify"},
		{"another person's key does not verify for the owner", func(d *model.Event) *model.Signature { return sign(mallory, d, "") },
			" ⚠ signature does not verify: key " + signing.Fingerprint(mallory.PublicKey()) + " is listed in allowed_signers for mallory, not for alice",
			"⚠ signature does not verify"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, width := range []int{100, 160} {
				s := testStep()
				d := &s.Decisions[0]
				d.Signature = c.sig(d)
				pane := detailContent(plainStyles(), width, 0, &detailMsg{rowID: "S1", step: s}, newRosterIndex(testRoster()), pol)
				// The narrow pane wraps the field: compare its words.
				got, want := pane, c.mark
				if width < 120 {
					got, want = strings.Join(strings.Fields(pane), " "), d.Signature.Key+c.want
				}
				if !strings.Contains(got, want) {
					t.Errorf("at width %d the pane does not say %q:\n%s", width, want, pane)
				}
				if c.mark != "(signed)" && strings.Contains(pane, "(signed)") {
					t.Errorf("at width %d the pane says signed:\n%s", width, pane)
				}
			}
		})
	}
}
