package queue

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// firstApproveChanged gives alice's first approval of S3 with a changed
// detail, as another workstation or the command line would.
func firstApproveChanged(t *testing.T, m *Model) string {
	t.Helper()
	detail := "revoke the token and delete every key it ever minted"
	_, err := m.Store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S3", Person: "alice",
		Outcome: model.OutcomeApproved, Rationale: "and the keys", ActionDetail: &detail}, review.DecisionChecker(review.DefaultPolicy()))
	if err != nil {
		t.Fatal(err)
	}
	return detail
}

// A second approval of a critical action records the first approver's
// action, so the second person must see that action, not the AI's.
func TestTheSecondApproverConfirmsTheFirstApproversAction(t *testing.T) {
	store := openStore(t)
	dave := newTestModel(t, store, "dave", 100, 40)
	detail := firstApproveChanged(t, dave)
	dave = newTestModel(t, store, "dave", 100, 40)
	selectKey(t, dave, "INC-2046/S3")
	if !strings.Contains(screen(dave), "every key it ever") {
		t.Errorf("the item does not show the action alice approved:\n%s", screen(dave))
	}
	press(t, dave, "a")
	typeText(t, dave, "agreed")
	press(t, dave, "enter")
	confirm := screen(dave)
	if !strings.Contains(confirm, "every key it ever") {
		t.Errorf("the confirm step does not show the action that will be recorded:\n%s", confirm)
	}
	if flat := strings.Join(strings.Fields(confirm), " "); !strings.Contains(flat, "this is the second approval: with alice's first, of") {
		t.Errorf("the confirm step does not say whose first approval this one joins:\n%s", confirm)
	}
	press(t, dave, "y", "enter")
	if d := decisionOf(t, dave, "S3"); d == nil || d.Action == nil || d.Action.Detail != detail {
		t.Fatalf("decision %+v", d)
	}
}

// A first approval that lands while the second person's form is open
// changes what their approval would record; it is refused, not recorded
// as something they did not see.
func TestAnApprovalOfAnActionChangedSinceItWasShownIsRefused(t *testing.T) {
	store := openStore(t)
	dave := newTestModel(t, store, "dave", 100, 40)
	selectKey(t, dave, "INC-2046/S3")
	press(t, dave, "a")
	typeText(t, dave, "revoke it")
	press(t, dave, "enter")
	firstApproveChanged(t, dave)
	press(t, dave, "y", "enter")
	if d := decisionOf(t, dave, "S3"); d != nil {
		t.Fatalf("dave's approval of the suggested action was recorded as %q: %+v", d.Action.Detail, d)
	}
}

// firstApproveS4 gives alice's first approval of S4 on her own screen.
func firstApproveS4(t *testing.T, m *Model) {
	t.Helper()
	selectKey(t, m, "INC-2046/S4")
	press(t, m, "a")
	typeText(t, m, "unknown GPU spend")
	press(t, m, "enter", "y", "enter")
	if it := m.Selected(); it == nil || it.Suggestion != "S4" || it.FirstApproval == nil {
		t.Fatalf("alice's first approval of S4 is not shown: %+v", m.Selected())
	}
}

// secondApproveS4 gives dave's second approval of S4, as another
// workstation or the command line would.
func secondApproveS4(t *testing.T, m *Model) {
	t.Helper()
	_, err := m.Store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S4", Person: "dave",
		Outcome: model.OutcomeApproved, Rationale: "agreed"}, review.DecisionChecker(review.DefaultPolicy()))
	if err != nil {
		t.Fatal(err)
	}
	runCmd(t, m, m.Refresh()) // what the router does when another connection wrote
}

// The second approval of a two-person item records the decision with the
// first approver's approval in it: the first approver is told so, not
// that nothing of theirs was recorded, whether a form of theirs was open
// on the item or not.
func TestTheFirstApproverIsToldTheSecondApprovalDecidedTheItem(t *testing.T) {
	t.Run("over a form they were writing", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "alice", 80, 24)
		firstApproveS4(t, m)
		press(t, m, "r")
		typeText(t, m, "on second thoughts")
		secondApproveS4(t, m)
		if m.form == nil || !m.form.IsGone() {
			t.Fatalf("the form on S4 was thrown away")
		}
		text := onScreen(m)
		if strings.Contains(text, "Nothing of yours was recorded") {
			t.Errorf("the form says nothing of alice's was recorded, over her first approval in D-S4:\n%s", screen(m))
		}
		for _, want := range []string{"dave gave the second approval to yours", "S4 is approved as D-S4", "The rejection you were writing was not recorded."} {
			if !strings.Contains(text, want) {
				t.Errorf("the form does not say %q:\n%s", want, screen(m))
			}
		}
	})
	t.Run("when the other rejects it", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "alice", 80, 24)
		firstApproveS4(t, m)
		press(t, m, "d")
		typeText(t, m, "wait for finance")
		_, err := m.Store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S4", Person: "dave",
			Outcome: model.OutcomeRejected, Rationale: "keep it for forensics"}, review.DecisionChecker(review.DefaultPolicy()))
		if err != nil {
			t.Fatal(err)
		}
		runCmd(t, m, m.Refresh())
		text := onScreen(m)
		for _, want := range []string{"S4 was rejected by dave at 2026-11-25 09:00:00 UTC while you were writing, over your first approval",
			"The deferral you were writing was not recorded."} {
			if !strings.Contains(text, want) {
				t.Errorf("the form does not say %q:\n%s", want, screen(m))
			}
		}
	})
	t.Run("on the list", func(t *testing.T) {
		m := newTestModel(t, openStore(t), "alice", 80, 24)
		firstApproveS4(t, m)
		press(t, m, "j")
		secondApproveS4(t, m)
		if want := "dave gave the second approval of INC-2046/S4 to yours at 2026-11-25 09:00:00 UTC: it is approved as D-S4."; !strings.Contains(m.status, want) {
			t.Errorf("status %q; want %q", m.status, want)
		}
	})
}

// The second approver is told their approval decided the item, with
// whose approvals.
func TestTheSecondApproverIsToldTheItemIsDecided(t *testing.T) {
	store := openStore(t)
	firstApproveS4(t, newTestModel(t, store, "alice", 80, 24))
	dave := newTestModel(t, store, "dave", 80, 24)
	selectKey(t, dave, "INC-2046/S4")
	press(t, dave, "a")
	typeText(t, dave, "agreed")
	press(t, dave, "enter", "y", "enter")
	if want := "Second approval recorded: INC-2046/S4 is approved as D-S4 (alice, then dave)."; !strings.Contains(dave.status, want) {
		t.Errorf("status %q; want %q", dave.status, want)
	}
}
