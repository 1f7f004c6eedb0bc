package serve

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

const wait = 20 * time.Second

// decide approves whichever item is selected in the queue, as a person at
// the keyboard would, and returns the suggestion recorded. Someone else may
// take the item first: the form then closes (saying so) or the store
// refuses, and the person tries the item now selected. The rationale holds
// no letters, so keys typed after a form closed under the person's hands
// are no command. A screen may change twice within one frame and a message
// never be drawn, so a form that seems to stay silent is tried again too.
func (tm *term) decide() (string, error) {
	for try := 0; try < 40; try++ {
		tm.send("a")
		if _, err := tm.waitFor(2*time.Second, "APPROVE INC-LOAD/"); err != nil {
			continue
		}
		tm.send("2026 11", "\t", " ", "\r")
		got, _ := tm.waitFor(10*time.Second, "re:Recorded D-S[0-9]+", "already decided by", "Your form closed")
		if id, ok := strings.CutPrefix(got, "Recorded D-"); ok {
			return id, nil
		}
		// Not recorded: close what is left open. A form beaten by
		// another's decision stays as a panel holding the draft, which
		// only esc closes; on the queue itself esc only clears a filter.
		// A form still open asks before dropping the typed text, and y
		// says so.
		tm.send("\x1b")
		if _, asked := tm.waitFor(time.Second, "Discard this decision"); asked == nil {
			tm.send("y")
		}
	}
	return "", fmt.Errorf("no decision recorded after 40 tries; the screen's last output:\n%s", tm.tail())
}

// approveForm opens the approval form on the selected item. The item's
// detail loads after the queue, later still under the race detector, and
// a before it only says to try again in a moment: so a is pressed again
// until the form opens.
func (tm *term) approveForm() {
	tm.t.Helper()
	for try := 0; try < 40; try++ {
		tm.send("a")
		if _, err := tm.waitFor(2*time.Second, "APPROVE INC-LOAD/"); err == nil {
			return
		}
	}
	tm.t.Fatalf("the approval form never opened; the screen's last output:\n%s", tm.tail())
}

func decisionOf(t *testing.T, f *fixture, suggestion string) *model.Event {
	t.Helper()
	st, err := f.store.Step(context.Background(), "INC-LOAD", suggestion)
	if err != nil {
		t.Fatal(err)
	}
	return st.FinalDecision()
}

func TestASessionActsAsThePersonItsKeyNames(t *testing.T) {
	f := start(t, 3, 2, nil)
	tm := f.open("p01", 80, 24)
	tm.must(wait, "signoff · p01 (SHA256:")
	tm.send("P")
	tm.must(wait, "deciding as p01")
	id, err := tm.decide()
	if err != nil {
		t.Fatal(err)
	}
	d := decisionOf(t, f, id)
	if d == nil || d.Owner != "p01" || d.SessionKey != signing.Fingerprint(f.keys["p01"].PublicKey()) {
		t.Fatalf("decision on %s: %+v", id, d)
	}
}
