package review

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

var t0 = time.Date(2026, 3, 4, 14, 0, 0, 0, time.UTC)

func testStep() *model.Step {
	conf := 0.86
	return &model.Step{
		Subject:  "S1",
		Incident: "INC-1",
		Suggestion: &model.Event{ID: "S1", At: t0, Kind: model.KindSuggestion, Agent: "remediator",
			Action:     &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke all tokens"},
			Confidence: &conf, ConfidenceCue: "matches 3 prior incidents", Rationale: "token leaked\x1b]52;c;ZXZpbA==\x07 in a public repo",
			Evidence: []string{"EV-1"}},
		Decisions: []model.Event{{ID: "D1", At: t0.Add(5 * time.Minute), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
			Outcome: model.OutcomeModified, Action: &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke CI tokens"},
			Rationale: "only CI used it", EvidenceReviewed: []string{"EV-1"}}},
		Executions: []model.Event{{ID: "X1", At: t0.Add(10 * time.Minute), Kind: model.KindExecution, Decision: "D1",
			Actor: "soar-runner", Automated: true, Result: "succeeded"}},
		Evidence: []model.Evidence{
			{ID: "EV-1", Kind: "log", Asset: "deploy-bot", CollectedAt: t0.Add(3 * time.Minute), CollectedBy: "alice", Summary: "push log"},
			{ID: "EV-2", Kind: "snapshot", Asset: "deploy-bot", CollectedAt: t0.Add(16 * time.Minute), CollectedBy: "bob", Summary: "after"},
		},
		TargetAsset: &model.Asset{ID: "deploy-bot", Kind: "service_account", Privileged: true},
	}
}

func testRoster() model.Roster {
	return model.Roster{
		People: []model.Person{{ID: "alice", Name: "Alice Moreau", Role: "IR lead", Authority: "high"}},
		Agents: []model.Agent{{ID: "triage", Name: "Triage", Role: "triage"},
			{ID: "remediator", Name: "Remediation assistant", Model: "vendor-model", Version: "2026-08", Role: "remediation", Parent: "triage"}},
		Assets: []model.Asset{{ID: "deploy-bot", Kind: "service_account", Privileged: true}},
	}
}

func TestStepPageSaysWhoDidWhat(t *testing.T) {
	d := &detailMsg{rowID: "S1", step: testStep()}
	out := detailContent(plainStyles(), 100, fieldCap, d, newRosterIndex(testRoster()), rules.DefaultPolicy())
	cases := []struct{ name, want string }{
		{"the AI suggestion is labelled as advice", "◇ AI SUGGESTION · advice only, not an action · S1"},
		{"the human decision is labelled", "● HUMAN DECISION · D1"},
		{"the execution is labelled", "▶ EXECUTION · what actually ran"},
		{"the agent chain is shown", "triage → remediator"},
		{"the owner is named with role", "Alice Moreau (alice, IR lead)"},
		{"evidence collected before execution says so", "collected 7 min before execution"},
		{"evidence collected after execution says so in capitals", "collected 6 min AFTER execution"},
		{"the diff marks removed words", "[-all-]"},
		{"the diff marks added words", "{+CI+}"},
		{"the proposed verdict is shown", "proposed"},
		{"an unreviewed step says so", "○ not reviewed yet"},
		{"an escape sequence in the rationale is shown, not run", "token leaked␛]52;c;ZXZpbA==␇"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(out, c.want) {
				t.Errorf("the step page lacks %q:\n%s", c.want, out)
			}
		})
	}
	t.Run("no line is wider than the pane", func(t *testing.T) {
		for _, l := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(l); w > 100 {
				t.Errorf("line is %d cells wide: %q", w, l)
			}
		}
	})
	t.Run("no escape byte from the data reaches the output", func(t *testing.T) {
		if strings.ContainsAny(out, "\x1b\x07") {
			t.Errorf("the step page holds a raw control byte")
		}
	})
}

func TestReviewBarShowsHistory(t *testing.T) {
	s := testStep()
	s.Reviews = []model.Review{
		{Subject: "S1", Reviewer: "alice", At: t0.Add(time.Hour), Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes"},
		{Subject: "S1", Reviewer: "alice", At: t0.Add(2 * time.Hour), Verdict: "modified", OutcomeChanged: "yes", AICorrect: "partial", Note: "second look"},
	}
	out := detailContent(plainStyles(), 120, fieldCap, &detailMsg{rowID: "S1", step: s}, newRosterIndex(testRoster()), rules.DefaultPolicy())
	for _, want := range []string{"✓ modified · outcome changed yes · AI correct partial", "second look", "superseded  followed · outcome changed no"} {
		if !strings.Contains(out, want) {
			t.Errorf("the review bar lacks %q:\n%s", want, out)
		}
	}
}

func TestRelativeTimes(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		want string
	}{
		{"seconds before", t0.Add(-30 * time.Second), "collected 30 s before execution"},
		{"minutes after", t0.Add(6 * time.Minute), "collected 6 min AFTER execution"},
		{"hours before", t0.Add(-3*time.Hour - 20*time.Minute), "collected 3 h 20 min before execution"},
		{"days before", t0.Add(-72 * time.Hour), "collected 3 days before execution"},
		{"the same moment", t0, "collected at the moment of execution"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(relative(c.at, t0, "execution")); got != c.want {
				t.Errorf("relative = %q, want %q", got, c.want)
			}
		})
	}
}

func TestBusyAssetEvidenceIsCutInThePaneOnly(t *testing.T) {
	s := testStep()
	for i := range 50 {
		s.Evidence = append(s.Evidence, model.Evidence{ID: fmt.Sprintf("N%02d", i), Kind: "log", Asset: "deploy-bot",
			CollectedAt: t0.Add(time.Duration(i-25) * time.Hour), CollectedBy: "bot"})
	}
	idx, pol := newRosterIndex(testRoster()), rules.DefaultPolicy()
	pane := detailContent(plainStyles(), 100, fieldCap, &detailMsg{rowID: "S1", step: s}, idx, pol)
	cases := []struct {
		name string
		want string
		in   bool
	}{
		{"cited evidence is always shown", "EV-1 ", true},
		{"the nearest record before the execution is shown", "N25 ", true},
		{"the nearest record after the execution is shown", "N26 ", true},
		{"a distant record is left to the evidence view", "N01 ", false},
		{"the pane says how many it left out", "more records for the same asset (e shows them all)", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Contains(pane, c.want) != c.in {
				t.Errorf("pane contains %q: %v, want %v", c.want, !c.in, c.in)
			}
		})
	}
	t.Run("the evidence view shows every record", func(t *testing.T) {
		v := NewViewer(plainStyles(), common.DefaultKeyMap(), pol)
		v.SetSize(100, 40)
		v.Open(&detailMsg{rowID: "S1", step: s}, idx)
		for i := range 50 {
			if id := fmt.Sprintf("N%02d", i); !strings.Contains(v.content, id) {
				t.Errorf("the evidence view lacks %s", id)
			}
		}
	})
}

// When the store trimmed a busy asset's records, neither screen may claim
// to show them all.
func TestStoreTrimmedEvidenceIsCountedAndPointedTo(t *testing.T) {
	s := testStep()
	for i := range 20 {
		s.Evidence = append(s.Evidence, model.Evidence{ID: fmt.Sprintf("N%02d", i), Kind: "log", Asset: "deploy-bot",
			CollectedAt: t0.Add(time.Duration(i-10) * time.Hour), CollectedBy: "bot"})
	}
	s.EvidenceOmitted = 500
	idx, pol := newRosterIndex(testRoster()), rules.DefaultPolicy()
	pane := detailContent(plainStyles(), 100, fieldCap, &detailMsg{rowID: "S1", step: s}, idx, pol)
	if strings.Contains(pane, "shows them all") || !strings.Contains(pane, "all are on the timeline") {
		t.Errorf("the pane's note on left-out records is wrong:\n%s", pane)
	}
	v := NewViewer(plainStyles(), common.DefaultKeyMap(), pol)
	v.SetSize(100, 40)
	v.Open(&detailMsg{rowID: "S1", step: s}, idx)
	if !strings.Contains(v.content, "500 more records for the same asset") {
		t.Error("the evidence view does not say records were left out")
	}
}

// An alternative the AI offered reads "type → target: detail", as the
// timeline's rows and the decision's rejected lines do: with only a space
// before the detail the demo's step read "rotate_secret → gh-pat-erik
// Create a replacement token first", the target running into the text.
func TestAnOfferedAlternativeSetsItsDetailOffWithAColon(t *testing.T) {
	st := testStep()
	st.Suggestion.Alternatives = []model.Action{
		{Type: "rotate_secret", Target: "deploy-bot", Detail: "Create a replacement token first"},
		{Type: "disable_account", Target: "deploy-bot"},
	}
	d := &detailMsg{rowID: "S1", step: st}
	out := ansi.Strip(detailContent(plainStyles(), 100, fieldCap, d, newRosterIndex(testRoster()), rules.DefaultPolicy()))
	for _, want := range []string{"rotate_secret → deploy-bot: Create a replacement token first", "disable_account → deploy-bot\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the step page lacks %q:\n%s", want, out)
		}
	}
}
