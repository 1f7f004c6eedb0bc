package review

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestCleanIncidentHasNoFindings(t *testing.T) {
	d := cleanDoc()
	mustValid(t, d)
	if fs := Findings(d, DefaultPolicy()); len(fs) != 0 {
		t.Fatalf("a clean incident gave findings: %+v", fs)
	}
}

// Each code has cases that trigger it and cases that narrowly do not. Only
// findings of the case's code are compared: other codes may fire too.
func TestFindingRules(t *testing.T) {
	cases := []struct {
		name string
		code string
		edit func(t *testing.T, d *model.Document)
		want []string // subjects of findings with code
	}{
		{"an automated high action with no decision has no owner", CodeNoOwner,
			func(t *testing.T, d *model.Document) { autoExecute(t, d) }, []string{"X1"}},
		{"a low read action with no decision needs no owner", CodeNoOwner,
			func(t *testing.T, d *model.Document) { setAction(t, d, "enrich", "host-1"); autoExecute(t, d) }, nil},
		{"a medium action with no decision has no owner", CodeNoOwner,
			func(t *testing.T, d *model.Document) { setAction(t, d, "block_ip", "host-1"); autoExecute(t, d) }, []string{"X1"}},
		{"an execution of an agent-owned decision has no human owner", CodeNoOwner,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Owner = "remediator" }, []string{"X1"}},

		{"a critical action approved by its owner alone misses an approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) { setAction(t, d, "wipe_host", "host-1") }, []string{"D1"}},
		{"a critical action with a second person's approval is complete", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "wipe_host", "host-1")
				event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(13)}}
			}, nil},
		{"a second approval by the owner is not a distinct approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "wipe_host", "host-1")
				event(t, d, "D1").Approvals = []model.Approval{{By: "alice", At: at(13)}}
			}, []string{"D1"}},
		{"an agent's approval never counts", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "wipe_host", "host-1")
				event(t, d, "D1").Approvals = []model.Approval{{By: "remediator", At: at(13)}}
			}, []string{"D1"}},
		{"an approver without authority still counts as an approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "wipe_host", "host-1")
				event(t, d, "D1").Approvals = []model.Approval{{By: "carl", At: at(13)}}
			}, nil},
		{"an execution of a rejected decision has no approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				dec := event(t, d, "D1")
				dec.Outcome, dec.Action = model.OutcomeRejected, nil
			}, []string{"X1"}},
		{"an execution of an approval a rejection overturned before it ran has no approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				d.Events = append(d.Events, model.Event{ID: "D2", At: at(13), Kind: model.KindDecision, Suggestion: "S1", Owner: "dave",
					Outcome: model.OutcomeRejected, Rationale: "wrong host", EvidenceReviewed: []string{"EV-1"}})
			}, []string{"X1"}},
		{"a rejection after the execution does not unmake its approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				d.Events = append(d.Events, model.Event{ID: "D2", At: at(20), Kind: model.KindDecision, Suggestion: "S1", Owner: "dave",
					Outcome: model.OutcomeRejected, Rationale: "too late", EvidenceReviewed: []string{"EV-1"}})
			}, nil},
		{"an approval again after the rejection stands", CodeMissingApproval,
			func(t *testing.T, d *model.Document) {
				d.Events = append(d.Events,
					model.Event{ID: "D2", At: at(13), Kind: model.KindDecision, Suggestion: "S1", Owner: "dave",
						Outcome: model.OutcomeRejected, Rationale: "wrong host", EvidenceReviewed: []string{"EV-1"}},
					model.Event{ID: "D3", At: at(14), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
						Outcome: model.OutcomeApproved, Action: &model.Action{Type: "isolate_host", Target: "host-1"},
						Rationale: "right host after all", EvidenceReviewed: []string{"EV-1"}})
			}, nil},
		{"an execution on the AI's word alone has no approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) { autoExecute(t, d) }, []string{"X1"}},
		{"a low action on the AI's word alone needs no approval", CodeMissingApproval,
			func(t *testing.T, d *model.Document) { setAction(t, d, "tag", "host-1"); autoExecute(t, d) }, nil},

		{"a medium-authority owner of a high action lacks authority", CodeInsufficientAuthority,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Owner = "bob" }, []string{"D1"}},
		{"a medium-authority owner of a medium action has enough", CodeInsufficientAuthority,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "block_ip", "host-1")
				event(t, d, "D1").Owner = "bob"
			}, nil},
		{"a privileged asset moves a medium action up to high", CodeInsufficientAuthority,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "block_ip", "deploy-bot")
				event(t, d, "D1").Owner = "bob"
			}, []string{"D1"}},
		{"a low-authority approver of a medium action lacks authority", CodeInsufficientAuthority,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "block_ip", "host-1")
				event(t, d, "D1").Approvals = []model.Approval{{By: "carl", At: at(13)}}
			}, []string{"D1"}},
		{"a person with no authority may own a low action", CodeInsufficientAuthority,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "enrich", "host-1")
				event(t, d, "D1").Owner = "mara"
			}, nil},

		{"an agent approving a decision is an AI approver", CodeAIApprover,
			func(t *testing.T, d *model.Document) {
				event(t, d, "D1").Approvals = []model.Approval{{By: "remediator", At: at(13)}}
			}, []string{"D1"}},
		{"an agent owning a decision is an AI approver", CodeAIApprover,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Owner = "remediator" }, []string{"D1"}},
		{"a person approving a decision is not", CodeAIApprover,
			func(t *testing.T, d *model.Document) {
				event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(13)}}
			}, nil},

		{"an approval a minute after the execution is late", CodeApprovalAfterExecution,
			func(t *testing.T, d *model.Document) {
				event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(16)}}
			}, []string{"D1"}},
		{"an approval at the moment of the execution is not after it", CodeApprovalAfterExecution,
			func(t *testing.T, d *model.Document) {
				event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(15)}}
			}, nil},
		{"a decision recorded after its execution is late", CodeApprovalAfterExecution,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").At = at(20) }, []string{"D1"}},

		{"evidence collected after the containment is too late", CodeEvidenceAfterAction,
			func(t *testing.T, d *model.Document) { d.Evidence[0].CollectedAt = at(21) }, []string{"X1"}},
		{"evidence collected a minute before the containment is in time", CodeEvidenceAfterAction,
			func(t *testing.T, d *model.Document) { d.Evidence[0].CollectedAt = at(14) }, nil},
		{"evidence collected at the same moment is not before it", CodeEvidenceAfterAction,
			func(t *testing.T, d *model.Document) { d.Evidence[0].CollectedAt = at(15) }, []string{"X1"}},
		{"evidence for another asset does not count", CodeEvidenceAfterAction,
			func(t *testing.T, d *model.Document) { d.Evidence[0].Asset = "other-host" }, []string{"X1"}},
		{"a communication action needs no evidence first", CodeEvidenceAfterAction,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "notify_internal", "host-1")
				d.Evidence[0].CollectedAt = at(21)
			}, nil},

		{"an automated containment on a privileged asset with no decision", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "disable_account", "deploy-bot")
				autoExecute(t, d)
				event(t, d, "X1").Automated = true
			}, []string{"X1"}},
		{"the same on an unprivileged asset", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				autoExecute(t, d)
				event(t, d, "X1").Automated = true
			}, nil},
		{"the same run by hand", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "disable_account", "deploy-bot")
				autoExecute(t, d)
			}, nil},
		{"an agent running it is automated, whatever the record says", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "disable_account", "deploy-bot")
				autoExecute(t, d)
				event(t, d, "X1").Actor = "remediator"
			}, []string{"X1"}},
		{"an agent running a human decision is not", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "disable_account", "deploy-bot")
				event(t, d, "X1").Actor = "remediator"
			}, nil},
		{"an automated run of a human decision on a privileged asset", CodeAutoPrivileged,
			func(t *testing.T, d *model.Document) {
				setAction(t, d, "disable_account", "deploy-bot")
				event(t, d, "X1").Automated = true
			}, nil},

		{"a decision with a blank rationale", CodeNoRationale,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Rationale = "  " }, []string{"D1"}},
		{"a decision whose rationale is a zero-width space", CodeNoRationale,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Rationale = "\u200b\x01" }, []string{"D1"}},
		{"a decision with no evidence reviewed", CodeNoRationale,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").EvidenceReviewed = nil }, []string{"D1"}},
		{"a decision whose evidence reviewed was all collected after it", CodeNoRationale,
			func(t *testing.T, d *model.Document) { d.Evidence[0].CollectedAt = at(13) }, []string{"D1"}},
		{"a decision that reviewed evidence collected at its very moment", CodeNoRationale,
			func(t *testing.T, d *model.Document) { d.Evidence[0].CollectedAt = at(12) }, nil},
		{"a decision that reviewed one record in time and one too late", CodeNoRationale,
			func(t *testing.T, d *model.Document) {
				d.Evidence[1].CollectedAt = at(30)
				event(t, d, "D1").EvidenceReviewed = []string{"EV-1", "EV-2"}
			}, nil},
		{"a rejection with rationale and evidence", CodeNoRationale,
			func(t *testing.T, d *model.Document) { event(t, d, "D1").Outcome = model.OutcomeRejected }, nil},

		{"a suggestion without confidence", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { event(t, d, "S1").Confidence = nil }, []string{"S1"}},
		{"a suggestion without a confidence cue", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { event(t, d, "S1").ConfidenceCue = "" }, []string{"S1"}},
		{"a suggestion from an agent with no version", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { d.Agents[0].Version = "" }, []string{"S1"}},
		{"a suggestion whose cue is only zero-width and bidi marks", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { event(t, d, "S1").ConfidenceCue = "\u200b\u200e" }, []string{"S1"}},
		{"a suggestion from an agent whose model and version show nothing", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { d.Agents[0].Model, d.Agents[0].Version = "\u3164", "\u2060" }, []string{"S1"}},
		{"a confidence of zero is still a confidence", CodeUndocumentedAI,
			func(t *testing.T, d *model.Document) { event(t, d, "S1").Confidence = ptr(0.0) }, nil},

		{"the decision owner reviewing the step", CodeSelfReview,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "alice", At: at(60), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "yes"}}
			}, []string{"S1"}},
		{"a self-review superseded by someone else's still counts", CodeSelfReview,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{
					{Subject: "S1", Reviewer: "alice", At: at(60), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "yes"},
					{Subject: "S1", Reviewer: "dave", At: at(70), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "yes"},
				}
			}, []string{"S1"}},
		{"a review by someone who owned no decision", CodeSelfReview,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "followed", OutcomeChanged: "yes", AICorrect: "yes"}}
			}, nil},

		{"ignored on a suggestion approved unchanged contradicts the record", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}}
			}, []string{"S1"}},
		{"none on a step an automation ran on the AI's word contradicts the record", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				autoExecute(t, d)
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "none", OutcomeChanged: "no", AICorrect: "no"}}
			}, []string{"S1"}},
		{"none on a pending suggestion contradicts the record too", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				d.Events = d.Events[:1]
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "none", OutcomeChanged: "no", AICorrect: "no"}}
			}, []string{"S1"}},
		{"the verdict the record shows does not", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "followed", OutcomeChanged: "no", AICorrect: "no"}}
			}, nil},
		{"a contradiction corrected by a later verdict is gone", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				d.Reviews = []model.Review{
					{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"},
					{Subject: "S1", Reviewer: "dave", At: at(70), Verdict: "followed", OutcomeChanged: "no", AICorrect: "no"},
				}
			}, nil},
		{"any verdict on a pending suggestion but none stands, as the record shows nothing yet", CodeVerdictContradictsRecord,
			func(t *testing.T, d *model.Document) {
				d.Events = d.Events[:1]
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: at(60), Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}}
			}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cleanDoc()
			tc.edit(t, &d)
			mustValid(t, d)
			var got []string
			for _, f := range Findings(d, DefaultPolicy()) {
				if f.Level != specLevels[f.Code] {
					t.Errorf("finding %s has level %s; SPEC.md says %s", f.Code, f.Level, specLevels[f.Code])
				}
				if f.Code == tc.code {
					got = append(got, f.Subject)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s findings on %v, want %v", tc.code, got, tc.want)
			}
		})
	}
}

func TestFindingMessagesNameTimesAndIds(t *testing.T) {
	cases := []struct {
		name string
		edit func(t *testing.T, d *model.Document)
		code string
		want string
	}{
		{"evidence after the action says how much later", func(t *testing.T, d *model.Document) {
			d.Evidence[0].CollectedAt = at(21)
		}, CodeEvidenceAfterAction, "X1 ran isolate_host on host-1 at 2026-03-02 09:15 UTC; the first evidence for host-1 (EV-1) was collected at 2026-03-02 09:21 UTC, 6 minutes later"},
		{"evidence never collected says so", func(t *testing.T, d *model.Document) {
			d.Evidence[0].Asset = "other-host"
		}, CodeEvidenceAfterAction, "X1 ran isolate_host on host-1 at 2026-03-02 09:15 UTC; no evidence for host-1 was collected before it, nor since"},
		{"a late approval names the approver and the delay", func(t *testing.T, d *model.Document) {
			event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(18)}}
		}, CodeApprovalAfterExecution, "X1 carried out D1 at 2026-03-02 09:15 UTC, before dave approved it (2026-03-02 09:18 UTC, 3 minutes later)"},
		{"an approval half a second late does not read as on time", func(t *testing.T, d *model.Document) {
			event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(15).Add(500 * time.Millisecond)}}
		}, CodeApprovalAfterExecution, "X1 carried out D1 at 2026-03-02 09:15 UTC, before dave approved it (2026-03-02 09:15:00 UTC, less than a second later)"},
		{"insufficient authority names the person and the tier", func(t *testing.T, d *model.Document) {
			event(t, d, "D1").Owner = "bob"
		}, CodeInsufficientAuthority, "D1 approved isolate_host on host-1, a high action that needs authority high: owner bob has authority medium"},
		{"a missing approval counts the people", func(t *testing.T, d *model.Document) {
			setAction(t, d, "wipe_host", "host-1")
		}, CodeMissingApproval, "D1 approved wipe_host on host-1, a critical action that needs two distinct human approvals; it has only 1 (alice)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cleanDoc()
			tc.edit(t, &d)
			var msgs []string
			for _, f := range Findings(d, DefaultPolicy()) {
				if f.Code == tc.code {
					msgs = append(msgs, f.Message)
				}
			}
			if len(msgs) != 1 || msgs[0] != tc.want {
				t.Errorf("messages %q\nwant     %q", msgs, tc.want)
			}
		})
	}
}

func TestStepFindingsMatchesFindings(t *testing.T) {
	d := cleanDoc()
	setAction(t, &d, "wipe_host", "host-1")
	d.Evidence[0].CollectedAt = at(30)
	roster := model.Roster{People: d.People, Agents: d.Agents, Assets: d.Assets}
	var perStep []Finding
	for _, s := range Steps(d) {
		perStep = append(perStep, StepFindings(s, roster, DefaultPolicy())...)
	}
	all := Findings(d, DefaultPolicy())
	// missing-approval and no-rationale on D1 (EV-1, reviewed, came later),
	// evidence-after-action on X1.
	if !reflect.DeepEqual(perStep, all) || len(all) != 3 {
		t.Fatalf("per step %v\nwhole incident %v", perStep, all)
	}
}

func TestHasErrors(t *testing.T) {
	cases := []struct {
		name string
		fs   []Finding
		want bool
	}{
		{"no findings is not an error", nil, false},
		{"warnings alone are not errors", []Finding{{Code: CodeNoRationale, Level: LevelWarning}}, false},
		{"one error among warnings is", []Finding{{Level: LevelWarning}, {Level: LevelError}}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasErrors(tc.fs); got != tc.want {
				t.Errorf("HasErrors = %v", got)
			}
		})
	}
}

// specLevels is SPEC.md's findings table: each code, as it is spelled
// there, with its level; then signoff's own codes (docs/findings.md).
var specLevels = map[string]string{
	"no-owner":                 "error",
	"missing-approval":         "error",
	"insufficient-authority":   "error",
	"ai-approver":              "error",
	"approval-after-execution": "error",
	"evidence-after-action":    "error",
	"auto-privileged":          "error",
	"no-rationale":             "warning",
	"undocumented-ai":          "warning",
	"self-review":              "warning",
	// signoff's own
	"verdict-contradicts-record": "warning",
	"unsigned-decision":          "warning",
	"signature-mismatch":         "error",
	// The lifecycle's codes are signoff's own (docs/findings.md),
	// with the levels docs/findings.md gives them.
	"closed-with-pending": "error",
	"action-after-close":  "warning",
	"status-authority":    "error",
}

func TestEveryCodeHasTheLevelSPECGivesIt(t *testing.T) {
	if len(Codes) != len(specLevels) {
		t.Errorf("signoff has %d finding codes, SPEC.md and docs/findings.md %d", len(Codes), len(specLevels))
	}
	for _, code := range Codes {
		t.Run(fmt.Sprintf("%s is %s", code, specLevels[code]), func(t *testing.T) {
			want, ok := specLevels[code]
			if !ok {
				t.Fatalf("neither SPEC.md nor docs/findings.md has code %s", code)
			}
			if got := Level(code); got != want {
				t.Errorf("level %q; want %q", got, want)
			}
		})
	}
}

func TestEveryCodeHasAMapping(t *testing.T) {
	for _, code := range Codes {
		t.Run(fmt.Sprintf("%s is mapped", code), func(t *testing.T) {
			m, ok := Mappings[code]
			if !ok || len(m.NIST) == 0 || len(m.OWASP) == 0 || len(m.MAESTRO) == 0 {
				t.Fatalf("code %s has no full mapping", code)
			}
			for _, id := range append(append(append([]string{}, m.NIST...), m.OWASP...), m.MAESTRO...) {
				if frameworkNames[id] == "" {
					t.Errorf("identifier %s has no gloss", id)
				}
			}
		})
	}
}

func TestAVerdictWrittenOnAnotherDayIsDatedInItsFinding(t *testing.T) {
	d := cleanDoc()
	later := at(3 * 24 * 60)
	d.Reviews = []model.Review{{Subject: "S1", Reviewer: "dave", At: later, Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}}
	for _, f := range Findings(d, DefaultPolicy()) {
		if f.Code == CodeVerdictContradictsRecord {
			if want := "by dave at " + later.Format("2006-01-02") + " "; !strings.Contains(f.Message, want) {
				t.Errorf("the finding says %q, want %q", f.Message, want)
			}
			return
		}
	}
	t.Fatal("no verdict-contradicts-record finding")
}

func TestSpansAreExactAcrossTheWholeTimeRange(t *testing.T) {
	cases := []struct {
		name string
		a, b time.Time
		want string
	}{
		{"a few minutes", t0, t0.Add(6*time.Minute + 30*time.Second), "6 minutes"},
		{"under a minute", t0, t0.Add(40*time.Second + 900*time.Millisecond), "40 seconds"},
		{"under a second", t0, t0.Add(500 * time.Millisecond), "less than a second"},
		{"a nanosecond backwards", t0.Add(time.Nanosecond), t0, "less than a second"},
		{"the same instant", t0, t0, "0 seconds"},
		{"backwards", t0.Add(time.Hour + 5*time.Minute), t0, "1 hour 5 minutes"},
		// time.Sub stops at 106751 days 23 hours; the stored range is twice that.
		{"first to last storable time", model.EarliestTime, model.LatestTime, "213503 days 23 hours"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := between(c.a, c.b); got != c.want {
				t.Errorf("between gave %q; want %q", got, c.want)
			}
		})
	}
}
