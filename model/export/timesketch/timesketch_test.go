package timesketch

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
)

var at = time.Date(2026, 2, 10, 9, 12, 0, 500_000_000, time.FixedZone("CET", 3600))

func TestRecordWritesTimesketchsFieldsAndTags(t *testing.T) {
	conf := 0.86
	cases := []struct {
		name    string
		rec     model.TimelineRecord
		c       export.Context
		desc    string
		message string
		tags    []string
	}{
		{"a pending suggestion", model.TimelineRecord{Event: &model.Event{ID: "S1", At: at, Kind: model.KindSuggestion, Agent: "remediator",
			Action: &model.Action{Type: "revoke_token", Target: "deploy-bot"}, Confidence: &conf}},
			export.Context{Tier: model.TierCritical, Pending: true, Verdict: model.VerdictIgnored},
			DescSuggestion, "AI suggestion S1 by remediator: revoke_token → deploy-bot (confidence 0.86)",
			[]string{"signoff", "tier:critical", "ai-suggestion", "pending", "verdict:ignored"}},
		{"a modified decision", model.TimelineRecord{Event: &model.Event{ID: "D1", At: at, Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
			Outcome: model.OutcomeModified, Action: &model.Action{Type: "revoke_token", Target: "deploy-bot"}}},
			export.Context{Tier: model.TierHigh, Findings: []export.Finding{{Code: "no-rationale", Level: "warning"}}},
			DescDecision, "Decision D1 by alice: modified revoke_token → deploy-bot (on S1)",
			[]string{"signoff", "tier:high", "decision:modified", "finding:no-rationale"}},
		{"a failed execution", model.TimelineRecord{Event: &model.Event{ID: "X1", At: at, Kind: model.KindExecution, Decision: "D1", Actor: "soar", Automated: true, Result: "failed"}},
			export.Context{Findings: []export.Finding{{Code: "evidence-after-action", Level: "error"}}},
			DescExecution, "Execution X1 of D1 by soar (automated): failed",
			[]string{"signoff", "execution:failed", "finding:evidence-after-action"}},
		{"evidence collected", model.TimelineRecord{Evidence: &model.Evidence{ID: "EV-1", Kind: "log", Asset: "deploy-bot", CollectedAt: at, CollectedBy: "alice", Summary: "token use"}},
			export.Context{}, DescEvidence, "Evidence EV-1 (log) for deploy-bot collected by alice: token use", []string{"signoff", "evidence"}},
		{"a review verdict", model.TimelineRecord{Review: &model.Review{Subject: "S1", Reviewer: "mara", At: at, Verdict: model.VerdictModified, OutcomeChanged: "no", AICorrect: "partial"}},
			export.Context{}, DescReview, "Review of S1 by mara: modified (outcome changed: no, AI correct: partial)", []string{"signoff", "verdict:modified"}},
		{"a signed status change", model.TimelineRecord{Status: &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "alice", At: at,
			Rationale: "token revoked", Signature: &model.Signature{Key: "SHA256:k"}}},
			export.Context{Previous: model.StatusOpen, Findings: []export.Finding{{Code: "status-authority", Level: "warning"}}, Signature: model.SignatureVerified},
			DescStatus, "Status change ST-1 by alice: open → contained (signed)", []string{"signoff", "status:contained", "signed", "finding:status-authority"}},
		{"a status change whose signature does not verify", model.TimelineRecord{Status: &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "alice", At: at,
			Rationale: "token revoked", Signature: &model.Signature{Key: "SHA256:k"}}},
			export.Context{Previous: model.StatusOpen, Findings: []export.Finding{{Code: "signature-mismatch", Level: "error"}}, Signature: model.SignatureDoesNotVerify},
			DescStatus, "Status change ST-1 by alice: open → contained (⚠ signature does not verify)", []string{"signoff", "status:contained", "finding:signature-mismatch"}},
		{"a status change whose signature nobody checked", model.TimelineRecord{Status: &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "alice", At: at,
			Rationale: "token revoked", Signature: &model.Signature{Key: "SHA256:k"}}},
			export.Context{Previous: model.StatusOpen},
			DescStatus, "Status change ST-1 by alice: open → contained (signature not checked)", []string{"signoff", "status:contained"}},
		{"an unsigned status change", model.TimelineRecord{Status: &model.StatusChange{ID: "ST-2", Status: model.StatusClosed, By: "alice", At: at, Rationale: "done"}},
			export.Context{Previous: model.StatusContained}, DescStatus, "Status change ST-2 by alice: contained → closed", []string{"signoff", "status:closed"}},
		{"an alert", model.TimelineRecord{Event: &model.Event{ID: "E1", At: at, Kind: model.KindAlert, Source: "scanner", Summary: "token in gist"}},
			export.Context{}, DescAlert, "Alert E1 from scanner: token in gist", []string{"signoff", "alert"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := Record("INC-1", tc.rec, tc.c)
			if l.TimestampDesc != tc.desc || l.Message != tc.message || !slices.Equal(l.Tag, tc.tags) {
				t.Errorf("got %q %q %v\nwant %q %q %v", l.TimestampDesc, l.Message, l.Tag, tc.desc, tc.message, tc.tags)
			}
			if l.Datetime != "2026-02-10T08:12:00.500000+00:00" || l.Timestamp != at.UnixMicro() || l.Incident != "INC-1" {
				t.Errorf("time %q %d", l.Datetime, l.Timestamp)
			}
		})
	}
}

func TestStatusLinesOpenAndCloseTheIncident(t *testing.T) {
	closed := at.Add(48 * time.Hour)
	inc := model.Incident{ID: "INC-1", Title: "Leak", Status: model.StatusClosed, OpenedAt: at, ClosedAt: &closed, Commander: "alice"}
	open, end := Status(inc, false), Status(inc, true)
	if open.Message != "Incident INC-1 opened: Leak" || open.TimestampDesc != DescStatus || !slices.Contains(open.Tag, "status:opened") {
		t.Errorf("opening: %+v", open)
	}
	if end.Message != "Incident INC-1 closed: Leak" || end.Timestamp != closed.UnixMicro() || !slices.Contains(end.Tag, "status:closed") {
		t.Errorf("closing: %+v", end)
	}
}

func TestAStatusChangeLineNamesWhoFromWhatToWhatAndWhy(t *testing.T) {
	c := &model.StatusChange{ID: "ST-1", Status: model.StatusContained, By: "alice", At: at, Rationale: "token \x1b[31mrevoked",
		SessionKey: "SHA256:s", Signature: &model.Signature{Key: "SHA256:k"}}
	l := Record("INC-1", model.TimelineRecord{Status: c}, export.Context{Previous: model.StatusOpen, Signature: model.SignatureVerified})
	if l.RecordID != "ST-1" || l.Kind != "status" || l.DataType != "signoff:status" || l.Actor != "alice" || l.Status != "contained" ||
		l.PreviousStatus != "open" || l.Rationale != c.Rationale || l.Signed == nil || !*l.Signed || l.SessionKey != "SHA256:s" {
		t.Errorf("got %+v", l)
	}
	b, err := l.AppendJSON(nil)
	if err != nil || !strings.Contains(string(b), `"rationale":"token \u001b[31mrevoked"`) || !strings.Contains(string(b), `"signed":true,"signature_check":"verified"`) {
		t.Errorf("%s %v", b, err)
	}
	// A signature that does not hold, or that nobody checked, is not
	// signed, whatever it carries.
	for _, check := range []model.SignatureCheck{model.SignatureDoesNotVerify, model.SignatureKeyNotChecked, ""} {
		l := Record("INC-1", model.TimelineRecord{Status: c}, export.Context{Previous: model.StatusOpen, Signature: check})
		want := check
		if want == "" {
			want = model.SignatureNotChecked
		}
		if l.Signed == nil || *l.Signed || l.SignatureCheck != string(want) {
			t.Errorf("a change whose signature check is %q: signed %v, signature_check %q", check, *l.Signed, l.SignatureCheck)
		}
	}
	c.Signature = nil
	if l := Record("INC-1", model.TimelineRecord{Status: c}, export.Context{Previous: model.StatusOpen, Signature: model.SignatureVerified}); l.Signed == nil || *l.Signed || l.SignatureCheck != "" {
		t.Errorf("an unsigned change: signed %v, signature_check %q", l.Signed, l.SignatureCheck)
	}
}
