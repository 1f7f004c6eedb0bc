package queue

import (
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
	"github.com/signoff/signoff/tui/tuitest"
)

// rosterPolicy is the bundled policy judging signatures by a roster that
// lists each of keys for its person.
func rosterPolicy(t *testing.T, keys map[string]ssh.Signer) *review.Policy {
	t.Helper()
	text, err := os.ReadFile("../../fixtures/policy.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := review.LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+string(text)), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	var lines string
	for person, k := range keys {
		lines += person + " " + string(ssh.MarshalAuthorizedKey(k.PublicKey()))
	}
	r, err := signing.ParseRoster([]byte(lines), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	return p.WithRoster(r)
}

func TestTheQueueRefusesAtConfirmADecisionSignedWithAKeyTheRosterDoesNotGiveThePerson(t *testing.T) {
	tomas, mallory := signingtest.NewSigner(t), signingtest.NewSigner(t)
	p := rosterPolicy(t, map[string]ssh.Signer{"tomas": tomas, "mallory": mallory})
	for _, c := range []struct {
		name   string
		key    ssh.Signer
		refuse bool
	}{
		{"mallory's key is refused", mallory, true},
		{"tomas's own key is recorded", tomas, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			tc := tuitest.Common(openStore(t), "tomas", func() time.Time { return clock })
			tc.Policy = p
			tc.Sign = func(s string) (model.Signature, error) { return signing.Sign(c.key, s) }
			m := New(tc)
			m.SetSize(80, 24)
			runCmd(t, &m, m.Init())
			selectKey(t, &m, "INC-2046/S5")
			press(t, &m, "a")
			typeText(t, &m, "single source, cheap to undo")
			press(t, &m, "tab", "space", "enter")
			d := decisionOf(t, &m, "S5")
			if !c.refuse {
				if d == nil || d.Signature == nil || d.Signature.Key != signing.Fingerprint(tomas.PublicKey()) {
					t.Fatalf("decision %+v; want it recorded with tomas's key", d)
				}
				return
			}
			if d != nil {
				t.Fatalf("a decision signed with mallory's key was recorded: %+v", d)
			}
			want := "key " + signing.Fingerprint(mallory.PublicKey()) + " is listed in allowed_signers for mallory, not for tomas, " +
				"so the decision to approve S5 of INC-2046 was not recorded: policy team.toml takes only signatures by a key its roster lists for tomas; " +
				"sign with yours, or ask whoever keeps allowed_signers to list it"
			if m.form == nil || !strings.Contains(m.form.err, want) {
				t.Fatalf("the form's refusal is not the sentence %q:\n%s", want, screen(&m))
			}
			if !strings.Contains(onScreen(&m), want) {
				t.Errorf("the refusal is not on screen whole at 80x24:\n%s", screen(&m))
			}
		})
	}
}
