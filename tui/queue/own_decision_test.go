package queue

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// A refresh that was already on its way when the person's own decision
// was recorded (another connection's write woke the screen) must not call
// that decision one made elsewhere, nor hide the "Recorded" line.
func TestARefreshInFlightDoesNotCallYourDecisionElsewhere(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap to undo")
	press(t, m, "tab", "space")
	stale := m.cmds.load(m.seq) // the refresh the router started
	// Run the form's messages one by one up to the decision's answer.
	var d decidedMsg
	next, cmd := m.Update(keyMsg("enter"))
	*m = next
	for i := 0; ; i++ {
		if cmd == nil || i > 10 {
			t.Fatal("the form recorded nothing")
		}
		msg := cmd()
		if dm, ok := msg.(decidedMsg); ok {
			d = dm
			break
		}
		*m, cmd = m.Update(msg)
	}
	*m, _ = m.Update(d) // its own reload is not run yet
	if !strings.Contains(m.status, "Recorded D-S5") {
		t.Fatalf("status %q", m.status)
	}
	drive(t, m, stale())
	if !strings.Contains(m.status, "Recorded D-S5") || strings.Contains(m.status, "elsewhere") {
		t.Errorf("after the refresh the footer says %q", m.status)
	}
}

// News of another person's decision that arrives just after yours joins
// your confirmation in the footer instead of replacing it, until your next
// key.
func TestOthersDecisionsDoNotHideYourConfirmation(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap to undo")
	press(t, m, "tab", "space", "enter")
	if !strings.Contains(m.status, "Recorded D-S5") {
		t.Fatalf("status %q", m.status)
	}
	if _, err := store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S8", Person: "alice",
		Outcome: model.OutcomeRejected, Rationale: "not now"}, review.DecisionChecker(m.Policy)); err != nil {
		t.Fatal(err)
	}
	drive(t, m, m.cmds.load(m.seq)())
	if !strings.Contains(m.status, "Recorded D-S5") || !strings.Contains(m.status, "Decided elsewhere: INC-2046/S8 was rejected by alice") {
		t.Errorf("after another's decision the footer says %q", m.status)
	}
	press(t, m, "j")
	drive(t, m, m.cmds.load(m.seq)())
	if strings.Contains(m.status, "Recorded D-S5") {
		t.Errorf("after a key the footer still says %q", m.status)
	}
}
