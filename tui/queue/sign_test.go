package queue

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/tuitest"
)

// signingModel is the queue for person with a key to sign with.
func signingModel(t *testing.T, person string, sign func(string) (model.Signature, error)) *Model {
	t.Helper()
	c := tuitest.Common(openStore(t), person, func() time.Time { return clock })
	c.Sign = sign
	m := New(c)
	m.SetSize(80, 24)
	runCmd(t, &m, m.Init())
	return &m
}

func TestADecisionInTheQueueIsSignedWithThePersonsKey(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	k, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	m := signingModel(t, "tomas", func(s string) (model.Signature, error) { return signing.Sign(k, s) })
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap to undo")
	press(t, m, "tab", "space", "enter")
	d := decisionOf(t, m, "S5")
	if d == nil || d.Signature == nil || d.Signature.Key != signing.Fingerprint(k.PublicKey()) {
		t.Fatalf("decision %+v", d)
	}
	if err := signing.DecisionRecord("INC-2046", d); err != nil {
		t.Errorf("the recorded decision does not check: %v", err)
	}
}

func TestAKeyThatCannotSignRecordsNothing(t *testing.T) {
	m := signingModel(t, "tomas", func(string) (model.Signature, error) {
		return model.Signature{}, errors.New("agent refused operation")
	})
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap to undo")
	press(t, m, "tab", "space", "enter")
	if d := decisionOf(t, m, "S5"); d != nil {
		t.Fatalf("an unsigned decision was recorded: %+v", d)
	}
	if m.form == nil || !strings.Contains(screen(m), "could not sign") {
		t.Errorf("the refusal is not on screen with the form kept:\n%s", screen(m))
	}
}
