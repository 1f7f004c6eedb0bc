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
