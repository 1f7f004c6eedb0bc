package review

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// trustDoc is an incident whose trust figures are worked out by hand
// below: remediator makes seven suggestions, triage one.
func trustDoc(t *testing.T) model.Document {
	d := cleanDoc()
	d.Agents = append(d.Agents, model.Agent{ID: "triage", Name: "Triage assistant", Model: "vendor-model", Version: "2026-08", Role: model.RoleTriage})
	block := func(target string) *model.Action { return &model.Action{Type: "block_ip", Target: target} }
	sug := func(id string, min int, agent string, conf *float64) model.Event {
		return model.Event{ID: id, At: at(min), Kind: model.KindSuggestion, Agent: agent, Action: block("host-1"), Confidence: conf}
	}
	dec := func(id string, min int, s string, o model.Outcome, a *model.Action) model.Event {
		return model.Event{ID: id, At: at(min), Kind: model.KindDecision, Suggestion: s, Owner: "alice", Outcome: o, Action: a, Rationale: "seen"}
	}
	d.Events = append(d.Events,
		sug("S2", 20, "remediator", ptr(0.6)), dec("D2", 21, "S2", model.OutcomeRejected, nil),
		sug("S3", 22, "remediator", ptr(0.2)), dec("D3", 23, "S3", model.OutcomeApproved, block("other-host")),
		sug("S4", 24, "remediator", ptr(0.7)), dec("D4", 25, "S4", model.OutcomeDeferred, nil),
		sug("S5", 26, "remediator", nil),
		sug("S6", 27, "remediator", ptr(0.4)), dec("D6", 28, "S6", model.OutcomeApproved, block("host-1")),
		sug("S7", 29, "remediator", ptr(0.5)), dec("D7", 30, "S7", model.OutcomeApproved, block("host-1")),
		sug("T1", 31, "triage", ptr(1.0)),
		model.Event{ID: "XT1", At: at(32), Kind: model.KindExecution, Suggestion: "T1", Actor: "soar", Automated: true, Result: "succeeded"},
	)
	review := func(subject string, min int, v model.Verdict, c model.AICorrect) model.Review {
		return model.Review{Subject: subject, Reviewer: "mara", At: at(min), Verdict: v, OutcomeChanged: "unknown", AICorrect: c}
	}
	d.Reviews = []model.Review{
		review("S1", 90, model.VerdictFollowed, model.AICorrectYes),
		review("S2", 91, model.VerdictIgnored, model.AICorrectYes),
		review("S6", 92, model.VerdictFollowed, model.AICorrectNo),
		review("S7", 93, model.VerdictNone, model.AICorrectPartial),
		review("T1", 94, model.VerdictFollowed, model.AICorrectPartial),
	}
	mustValid(t, d)
	return d
}

// The figures, worked out on paper:
//
//	remediator: S1 followed (0.9, yes), S2 ignored (0.6, yes), S3 modified
//	(a different target, unreviewed), S4 deferred, S5 pending, S6 followed
//	(0.4, no), S7 decided but marked none (0.5, partial).
//	decided S1 S2 S3 S6 S7 = 5; followed S1 S6; modified S3; ignored S2.
//	acceptance 2/5; override (S2, S3) 2/5; hindsight S1 right of S1, S6 = 1/2;
//	missed value S2 right of S2 = 1/1; Brier over S1 S2 S6 S7:
//	(0.01 + 0.16 + 0.16 + 0) / 4 = 0.0825.
//	triage: T1 auto-executed, so followed but not decided; partial is not
//	judged; Brier (1 − 0.5)² = 0.25.
func TestTheTrustSectionOfAHandBuiltIncident(t *testing.T) {
	r := BuildReport(trustDoc(t), DefaultPolicy(), testChain)
	var top struct {
		Trust []map[string]any `json:"trust"`
	}
	if err := json.Unmarshal(reportJSON(t, r), &top); err != nil {
		t.Fatal(err)
	}
	if len(top.Trust) != 2 {
		t.Fatalf("trust has %d agents; want remediator and triage: %v", len(top.Trust), top.Trust)
	}
	want := []map[string]any{
		{"agent": "remediator", "suggestions": 7.0, "pending": 1.0, "auto_executed": 0.0, "decided": 5.0,
			"followed": 2.0, "modified": 1.0, "ignored": 1.0, "acceptance_rate": 0.4, "override_rate": 0.4,
			"hindsight_precision": 0.5, "missed_value": 1.0, "brier": 0.0825},
		{"agent": "triage", "suggestions": 1.0, "pending": 0.0, "auto_executed": 1.0, "decided": 0.0,
			"followed": 1.0, "modified": 0.0, "ignored": 0.0, "acceptance_rate": nil, "override_rate": nil,
			"hindsight_precision": nil, "missed_value": nil, "brier": 0.25},
	}
	for i, w := range want {
		got := top.Trust[i]
		if len(got) != len(w) {
			t.Errorf("%s has keys %v; want %v", w["agent"], got, w)
		}
		for k, wv := range w {
			gv, ok := got[k]
			gf, gnum := gv.(float64)
			wf, wnum := wv.(float64)
			switch {
			case !ok:
				t.Errorf("%s has no %s (a rate with nothing to divide by is null, never left out)", w["agent"], k)
			case gnum && wnum && (gf-wf > 1e-12 || wf-gf > 1e-12), gnum != wnum, !gnum && gv != wv:
				t.Errorf("%s: %s is %v; worked out on paper, %v", w["agent"], k, gv, wv)
			}
		}
	}
	md := r.Markdown()
	for _, row := range []string{
		"| agent Remediation assistant (remediator) | 7 | 1 | 0 | 5 | 2 | 1 | 1 | 40.0% | 40.0% | 50.0% | 100.0% | 0.083 |",
		"| agent Triage assistant (triage) | 1 | 0 | 1 | 0 | 1 | 0 | 0 | — | — | — | — | 0.250 |",
	} {
		if !strings.Contains(md, "\n"+row+"\n") {
			t.Errorf("the Markdown lacks the row %q", row)
		}
	}
	if !strings.Contains(md, "These are this incident's numbers: `signoff metrics` gives them over all incidents and time.") {
		t.Error("the Markdown does not say the numbers are this incident's")
	}
}

func TestAnIncidentWithoutSuggestionsHasAnEmptyTrustList(t *testing.T) {
	d := cleanDoc()
	d.Agents = nil
	d.Events = []model.Event{{ID: "D9", At: at(30), Kind: model.KindDecision, Owner: "alice", Outcome: model.OutcomeApproved,
		Action: &model.Action{Type: "notify_internal"}, Rationale: "heads up"}}
	mustValid(t, d)
	r := BuildReport(d, DefaultPolicy(), testChain)
	if !strings.Contains(string(reportJSON(t, r)), "\"trust\": [],") {
		t.Error("the JSON's trust is not an empty list")
	}
	if !strings.Contains(r.Markdown(), "### Trust in the AI agents\n\nNo AI suggestions.\n") {
		t.Error("the Markdown does not say there were no AI suggestions")
	}
}
