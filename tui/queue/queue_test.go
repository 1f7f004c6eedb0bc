package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/safetext"
)

func keys(m *Model) string {
	var out []string
	for _, it := range m.items {
		out = append(out, it.Suggestion)
	}
	return strings.Join(out, " ")
}

func decisionOf(t *testing.T, m *Model, suggestion string) *model.Event {
	t.Helper()
	step, err := m.Store.Step(context.Background(), "INC-2046", suggestion)
	if err != nil {
		t.Fatal(err)
	}
	return step.FinalDecision()
}

func TestTheQueueOpensSortedWithTheFirstItemsDetail(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	if got := keys(m); got != "S3 S4 S6 S5 S8" {
		t.Fatalf("queue %s; want S3 S4 S6 S5 S8 (critical, high, medium, low; rank within)", got)
	}
	if m.detail == nil || m.detail.Item.Suggestion != "S3" {
		t.Fatalf("the first item's detail is not loaded")
	}
	press(t, m, "j")
	if m.Selected().Suggestion != "S4" || m.detail == nil || m.detail.Item.Suggestion != "S4" {
		t.Errorf("j selects S4 and loads its detail; got %v", m.Selected().Key())
	}
	press(t, m, "G")
	if m.Selected().Suggestion != "S8" {
		t.Errorf("G selects the last item; got %s", m.Selected().Suggestion)
	}
}

func TestDecisionKeysFollowThePolicy(t *testing.T) {
	store := openStore(t)
	tests := []struct {
		name, person, item string
		key                string
		opens              bool
	}{
		{"a medium analyst cannot open an approval of a critical action", "tomas", "INC-2046/S3", "a", false},
		{"a medium analyst cannot reject a critical action either", "tomas", "INC-2046/S3", "r", false},
		{"a medium analyst can approve a medium action", "tomas", "INC-2046/S5", "a", true},
		{"a lead can defer a critical action", "alice", "INC-2046/S3", "d", true},
		{"an agent can decide nothing", "triage", "INC-2046/S8", "a", false},
		{"a stranger can decide nothing", "mallory", "INC-2046/S8", "r", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(t, store, tt.person, 80, 24)
			selectKey(t, m, tt.item)
			press(t, m, tt.key)
			if (m.form != nil) != tt.opens {
				t.Errorf("form open %v; want %v", m.form != nil, tt.opens)
			}
		})
	}
}

func TestApprovingAMediumActionRecordsItWithTheTickedEvidence(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap to undo")
	press(t, m, "tab", "space", "enter")
	if m.form != nil {
		t.Fatalf("the form is still open: %s", m.form.err)
	}
	if !strings.Contains(m.status, "Recorded D-S5") {
		t.Errorf("status %q", m.status)
	}
	d := decisionOf(t, m, "S5")
	if d == nil || d.Owner != "tomas" || d.Outcome != model.OutcomeApproved || strings.Join(d.EvidenceReviewed, ",") != "EV-3" || d.Rationale != "single source, cheap to undo" {
		t.Fatalf("decision %+v", d)
	}
	if strings.Contains(keys(m), "S5") {
		t.Errorf("S5 is still listed: %s", keys(m))
	}
}

func TestTheFormRequiresARationale(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a", "enter")
	if m.form == nil || !strings.Contains(m.form.err, "A rationale is required") {
		t.Fatalf("enter without a rationale must keep the form open and say why")
	}
	if decisionOf(t, m, "S5") != nil {
		t.Errorf("a decision was recorded without a rationale")
	}
	press(t, m, "esc")
	if m.form != nil {
		t.Errorf("esc does not close the form")
	}
}

func TestModifyChangesTheActionDetail(t *testing.T) {
	m := newTestModel(t, openStore(t), "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "m", "ctrl+u")
	typeText(t, m, "Deny at the edge only")
	press(t, m, "tab")
	typeText(t, m, "narrower")
	press(t, m, "enter")
	d := decisionOf(t, m, "S5")
	if d == nil || d.Outcome != model.OutcomeModified || d.Action.Detail != "Deny at the edge only" {
		t.Fatalf("decision %+v", d)
	}
}

func TestAHighActionNeedsATypedConfirmation(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	selectKey(t, m, "INC-2046/S6")
	press(t, m, "r")
	typeText(t, m, "no sign the server itself is compromised")
	press(t, m, "enter")
	if m.form == nil || !m.form.confirming {
		t.Fatalf("enter on a high action must ask for confirmation")
	}
	if !strings.Contains(screen(m), "isolate_host → mcp-gateway") {
		t.Errorf("the confirm step does not restate the action:\n%s", screen(m))
	}
	press(t, m, "enter")
	if m.form == nil || !strings.Contains(m.form.err, "Type INC-2046 or y") || decisionOf(t, m, "S6") != nil {
		t.Fatalf("a bare enter confirmed the rejection")
	}
	typeText(t, m, "n")
	press(t, m, "enter")
	if decisionOf(t, m, "S6") != nil {
		t.Fatalf("typing n confirmed the rejection")
	}
	press(t, m, "ctrl+u")
	typeText(t, m, "INC-2046")
	press(t, m, "enter")
	if d := decisionOf(t, m, "S6"); d == nil || d.Outcome != model.OutcomeRejected {
		t.Fatalf("typing the incident id did not record the rejection: %+v", d)
	}
}

func TestACriticalActionShowsItsFirstApproval(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "alice", 80, 24)
	selectKey(t, m, "INC-2046/S3")
	press(t, m, "a")
	typeText(t, m, "the token is public and in use")
	press(t, m, "enter", "y", "enter")
	if !strings.Contains(m.status, "awaiting second approval") {
		t.Fatalf("status %q", m.status)
	}
	if it := m.Selected(); it.Suggestion != "S3" || it.FirstApproval == nil || it.FirstApproval.By != "alice" {
		t.Fatalf("S3 does not show alice's first approval: %+v", it)
	}
	if !strings.Contains(screen(m), "✔1/2") || !strings.Contains(screen(m), "gave the first approval") {
		t.Errorf("the screen does not say S3 awaits a second approval:\n%s", screen(m))
	}
	press(t, m, "a")
	if m.form != nil {
		t.Errorf("the first approver can open a second approval")
	}
	dave := newTestModel(t, store, "dave", 80, 24)
	selectKey(t, dave, "INC-2046/S3")
	press(t, dave, "a")
	typeText(t, dave, "agreed")
	press(t, dave, "enter", "y", "enter")
	if d := decisionOf(t, dave, "S3"); d == nil || len(d.Approvals) != 2 || d.Owner != "dave" {
		t.Fatalf("decision %+v", d)
	}
}

// A decision whose answer was lost (the server went away as it was
// saved) comes back in the refresh as the person's own: the form must not
// say nothing of theirs was recorded.
func TestAFormWhoseOwnDecisionLandedSaysSo(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap")
	_, err := store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
		Outcome: model.OutcomeApproved, Rationale: "single source, cheap"}, review.DecisionChecker(review.DefaultPolicy()))
	if err != nil {
		t.Fatal(err)
	}
	runCmd(t, m, m.Refresh())
	if m.form == nil || !m.form.IsGone() {
		t.Fatalf("the form on S5 was thrown away")
	}
	text := strings.Join(strings.Fields(screen(m)), " ")
	if strings.Contains(text, "Nothing of yours was recorded") {
		t.Errorf("the form says nothing of tomas's was recorded, over tomas's own decision:\n%s", screen(m))
	}
	if !strings.Contains(text, "S5 was approved by you (tomas) at 2026-11-25 09:00:00 UTC as D-S5") {
		t.Errorf("the form does not say tomas decided S5:\n%s", screen(m))
	}
}

func TestDecisionsMadeElsewhereDisappearWithWhoTookThem(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "a")
	typeText(t, m, "single source, cheap")
	_, err := store.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "dave",
		Outcome: model.OutcomeRejected, Rationale: "not worth it"}, review.DecisionChecker(review.DefaultPolicy()))
	if err != nil {
		t.Fatal(err)
	}
	runCmd(t, m, m.Refresh()) // what the router does when another connection wrote
	if strings.Contains(keys(m), "S5") {
		t.Fatalf("S5 is still listed after dave rejected it: %s", keys(m))
	}
	if !strings.Contains(m.status, "INC-2046/S5 was rejected by dave at 2026-11-25 09:00:00 UTC") {
		t.Errorf("status %q does not say who took S5", m.status)
	}
	// The draft stays, says who decided the item, and can be copied.
	if m.form == nil || !m.form.IsGone() {
		t.Fatalf("the form on S5 was thrown away")
	}
	text := screen(m)
	for _, want := range []string{"S5 was rejected by dave at 2026-11-25 09:00:00 UTC while you were writing", "rationale: single source, cheap"} {
		if !strings.Contains(text, want) {
			t.Errorf("the kept draft lacks %q:\n%s", want, text)
		}
	}
	press(t, m, "enter")
	if d := decisionOf(t, m, "S5"); d == nil || d.Owner != "dave" {
		t.Errorf("enter on a kept draft recorded something: %+v", d)
	}
	term := m.Terminal.(*bytes.Buffer)
	press(t, m, "y")
	if got := term.String(); got != safetext.Clipboard("single source, cheap") {
		t.Errorf("y wrote %q to the terminal; want the draft's OSC 52", got)
	}
	if !strings.Contains(m.status, "Copied your draft") {
		t.Errorf("status %q", m.status)
	}
	if m.Unsaved() == "" {
		t.Errorf("leaving would not ask before the kept draft is lost")
	}
	press(t, m, "esc")
	if m.form != nil {
		t.Errorf("esc does not close the kept draft")
	}
}

func TestNewSuggestionsAppearWithoutRestarting(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	doc, err := store.Document(context.Background(), "INC-2046")
	if err != nil {
		t.Fatal(err)
	}
	head, _ := json.Marshal(doc.Incident)
	stream := `{"record": "incident", "format": "signoff.incident/v1", ` + string(head[1:]) + `
{"record": "event", "id": "S9", "at": "2026-11-25T08:50:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "wipe_host", "target": "mining-vm"}, "rank": 1}
`
	if _, err := store.ImportStream(context.Background(), "feed.ndjson", strings.NewReader(stream), "feed"); err != nil {
		t.Fatal(err)
	}
	runCmd(t, m, m.Refresh()) // what the router does when another connection wrote
	if got := keys(m); !strings.HasPrefix(got, "S3 S9 S4") {
		t.Errorf("queue %s; want the new critical S9 between S3 and S4 (same tier, rank 1, newer)", got)
	}
	if m.Selected().Suggestion != "S3" {
		t.Errorf("the selection moved to %s; it stays on S3", m.Selected().Suggestion)
	}
}
