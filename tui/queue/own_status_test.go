package queue

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/statusform"
)

// closeWithDeferrals fills the status form to close INC-2046, deferring
// what is pending, up to the typed confirmation, and returns the store's
// answer to enter without handing it to the screen.
func closeWithDeferrals(t *testing.T, m *Model) statusform.SavedMsg {
	t.Helper()
	press(t, m, "S", "right", "right", "enter")
	typeText(t, m, "miner gone, token rotated")
	press(t, m, "enter", "space", "enter", "y")
	next, cmd := m.Update(keyMsg("enter"))
	*m = next
	for i := 0; ; i++ {
		if cmd == nil || i > 10 {
			t.Fatalf("the form recorded nothing:\n%s", screen(m))
		}
		msg := cmd()
		if saved, ok := msg.(statusform.SavedMsg); ok {
			if saved.Err != nil {
				t.Fatal(saved.Err)
			}
			return saved
		}
		*m, cmd = m.Update(msg)
	}
}

// A refresh that was on its way when the closing was recorded must not
// call the person's own deferrals decided elsewhere, nor hide "Recorded".
func TestARefreshAfterClosingDoesNotCallYourDeferralsElsewhere(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	stale := m.cmds.load(m.seq)
	saved := closeWithDeferrals(t, m)
	var reload tea.Cmd
	*m, reload = m.Update(saved) // its own reload is not run yet
	if !strings.Contains(m.status, "Recorded ST-1") {
		t.Fatalf("status %q", m.status)
	}
	drive(t, m, stale())
	runCmd(t, m, reload)
	if !strings.Contains(m.status, "Recorded ST-1: INC-2046 is now closed (was open); 5 suggestions deferred as alice.") || strings.Contains(m.status, "elsewhere") {
		t.Errorf("after the refresh the footer says %q", m.status)
	}
}

// A refresh that sees the deferrals before the store's answer reaches the
// screen does not call them decided elsewhere either.
func TestARefreshBeforeTheAnswerDoesNotCallYourDeferralsElsewhere(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	saved := closeWithDeferrals(t, m)
	drive(t, m, m.cmds.load(m.seq)())
	if strings.Contains(m.status, "elsewhere") {
		t.Errorf("before the answer the footer says %q", m.status)
	}
	drive(t, m, saved)
	if !strings.Contains(m.status, "Recorded ST-1") || strings.Contains(m.status, "elsewhere") {
		t.Errorf("after the answer the footer says %q", m.status)
	}
}

// News of another person's decision that arrives just after a claim or a
// hand-off note joins its confirmation instead of replacing it.
func TestOthersDecisionsDoNotHideYourClaimOrNote(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	decideElsewhere := func(suggestion string) {
		t.Helper()
		if _, err := store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: suggestion, Person: "alice",
			Outcome: model.OutcomeRejected, Rationale: "not now"}, review.DecisionChecker(m.Policy)); err != nil {
			t.Fatal(err)
		}
		drive(t, m, m.cmds.load(m.seq)())
	}
	selectKey(t, m, "INC-2046/S3")
	press(t, m, "c")
	decideElsewhere("S8")
	if !strings.Contains(m.status, "You hold INC-2046/S3") || !strings.Contains(m.status, "Decided elsewhere: INC-2046/S8") {
		t.Errorf("after the claim the footer says %q", m.status)
	}
	press(t, m, "n")
	typeText(t, m, "S3 is mine until noon")
	press(t, m, "enter")
	decideElsewhere("S5")
	if !strings.Contains(m.status, "Recorded your hand-off note on INC-2046") || !strings.Contains(m.status, "Decided elsewhere: INC-2046/S5") {
		t.Errorf("after the note the footer says %q", m.status)
	}
}
