package queue

import (
	"context"
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

// closeFromQueue closes INC-2046 from the queue's status form, deferring
// what is pending, as alice.
func closeFromQueue(t *testing.T, m *Model) {
	t.Helper()
	press(t, m, "S")
	press(t, m, "right", "right", "enter")
	typeText(t, m, "miner gone, token rotated")
	press(t, m, "enter", "space", "enter", "y", "enter")
}

func TestAStatusChangeInTheQueueIsSignedWithEachDeferral(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	k, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	var signed []string
	m := signingModel(t, "alice", func(s string) (model.Signature, error) {
		signed = append(signed, s)
		return signing.Sign(k, s)
	})
	closeFromQueue(t, m)
	if m.statusForm != nil || !strings.Contains(m.status, "Recorded ST-1: INC-2046 is now closed") {
		t.Fatalf("status %q:\n%s", m.status, screen(m))
	}
	history, err := m.Store.StatusHistory(context.Background(), "INC-2046")
	if err != nil || len(history) != 1 {
		t.Fatalf("history %+v, %v", history, err)
	}
	c := history[0]
	if c.Signature == nil || c.Signature.Key != signing.Fingerprint(k.PublicKey()) || signing.StatusRecord("INC-2046", &c, signing.Place{}) != nil {
		t.Fatalf("the change is not signed over itself: %+v", c)
	}
	for _, id := range []string{"S3", "S4", "S5", "S6", "S8"} {
		d := decisionOf(t, m, id)
		if d == nil || d.Outcome != model.OutcomeDeferred || d.Signature == nil || signing.DecisionRecord("INC-2046", d) != nil {
			t.Errorf("the deferral of %s is not signed over itself: %+v", id, d)
		}
	}
	if len(signed) != 6 {
		t.Errorf("the key signed %d statements; want the change and five deferrals", len(signed))
	}
}

func TestAKeyThatCannotSignAStatusChangeRecordsNothing(t *testing.T) {
	m := signingModel(t, "alice", func(string) (model.Signature, error) {
		return model.Signature{}, errors.New("agent refused operation")
	})
	closeFromQueue(t, m)
	if m.statusForm == nil || !strings.Contains(screen(m), "your key could not sign the status change") {
		t.Fatalf("the refusal is not on screen with the form kept:\n%s", screen(m))
	}
	if h, err := m.Store.StatusHistory(context.Background(), "INC-2046"); err != nil || len(h) != 0 {
		t.Errorf("history %+v, %v; want nothing recorded", h, err)
	}
	if d := decisionOf(t, m, "S3"); d != nil {
		t.Errorf("a deferral was recorded: %+v", d)
	}
}
