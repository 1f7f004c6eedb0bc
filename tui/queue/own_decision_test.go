package queue

import (
	"strings"
	"testing"
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
