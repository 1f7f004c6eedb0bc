package ocsf

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/export"
)

var at = time.Date(2026, 2, 10, 9, 12, 0, 0, time.UTC)

func mapper() Mapper {
	return Mapper{Incident: model.Incident{ID: "INC-1", Title: "Leak", Severity: model.Sev1, Status: model.StatusOpen, OpenedAt: at},
		Roster: model.Roster{People: []model.Person{{ID: "alice", Name: "Alice Moreau"}},
			Agents: []model.Agent{{ID: "remediator", Name: "Remediation assistant", Model: "m", Version: "v"}}}.Index()}
}

func TestASuggestionIsADetectionFindingTheAgentCreated(t *testing.T) {
	conf := 0.86
	s := &model.Event{ID: "S1", At: at, Kind: model.KindSuggestion, Agent: "remediator", Confidence: &conf, Rationale: "token is live",
		Action: &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke all sessions"}, RawOutput: "model output"}
	e, ok := mapper().Record(model.TimelineRecord{Event: s}, export.Context{Class: model.ClassContainment, Tier: model.TierCritical})
	if !ok || e.ClassUID != 2004 || e.TypeUID != 200401 || e.CategoryUID != 2 || e.Time != at.UnixMilli() {
		t.Fatalf("header: %+v", e)
	}
	if *e.ConfidenceScore != 86 || *e.ConfidenceID != 3 || e.SeverityID != 5 || *e.StatusID != 1 {
		t.Errorf("confidence %d/%d, severity %d, status %d", *e.ConfidenceScore, *e.ConfidenceID, e.SeverityID, *e.StatusID)
	}
	if e.FindingInfo.UID != "INC-1/S1" || e.Remediation.Desc != "revoke all sessions" || e.RawData != "model output" || e.FindingInfo.Desc != "token is live" {
		t.Errorf("finding: %+v %+v", e.FindingInfo, e.Remediation)
	}
	if a := e.Unmapped.Signoff.Agent; a == nil || a.Name != "Remediation assistant" || e.Unmapped.Signoff.Tier != "critical" {
		t.Errorf("unmapped: %+v", e.Unmapped.Signoff)
	}
}

func TestADecisionUpdatesItsSuggestionsFinding(t *testing.T) {
	for _, tc := range []struct {
		outcome          model.Outcome
		status, action   int
		statusWord, verb string
	}{
		{model.OutcomeApproved, 2, 1, "In Progress", "Allowed"},
		{model.OutcomeModified, 2, 4, "In Progress", "Modified"},
		{model.OutcomeRejected, 3, 2, "Suppressed", "Denied"},
		{model.OutcomeDeferred, 99, 99, "Deferred", "Deferred"},
	} {
		t.Run(string(tc.outcome), func(t *testing.T) {
			d := &model.Event{ID: "D1", At: at, Kind: model.KindDecision, Suggestion: "S1", Owner: "alice", Outcome: tc.outcome, Rationale: "why"}
			e, _ := mapper().Record(model.TimelineRecord{Event: d}, export.Context{Tier: model.TierHigh})
			if e.ActivityID != ActivityUpdate || e.FindingInfo.UID != "INC-1/S1" || *e.StatusID != tc.status || e.Status != tc.statusWord ||
				*e.ActionID != tc.action || e.Action != tc.verb || e.Comment != "why" || e.Actor.User.FullName != "Alice Moreau" {
				t.Errorf("got %+v", e)
			}
		})
	}
	human := &model.Event{ID: "D2", At: at, Kind: model.KindDecision, Owner: "alice", Outcome: model.OutcomeApproved, Action: &model.Action{Type: "notify_internal"}}
	e, _ := mapper().Record(model.TimelineRecord{Event: human}, export.Context{})
	if e.ActivityID != ActivityCreate || e.FindingInfo.UID != "INC-1/D2" || e.FindingInfo.Title != "Human decision: notify_internal" {
		t.Errorf("a decision without a suggestion: %+v", e.FindingInfo)
	}
}

func TestAnExecutionIsARemediationActivity(t *testing.T) {
	x := &model.Event{ID: "X1", At: at, Kind: model.KindExecution, Decision: "D1", Actor: "soar-runner", Automated: true, Result: "failed"}
	step := &model.Step{Decisions: []model.Event{{ID: "D1", Action: &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke"}}}}
	e, ok := mapper().Record(model.TimelineRecord{Event: x, Step: step}, export.Context{Class: model.ClassContainment, Tier: model.TierHigh})
	if !ok || e.ClassUID != 7001 || e.CategoryUID != 7 || e.ActivityID != 2 || e.ActivityName != "Evict" || e.TypeUID != 700102 {
		t.Fatalf("header: %+v", e)
	}
	if *e.StatusID != 2 || e.CommandUID != "INC-1/X1" || e.Actor.AppName != "soar-runner" || e.Remediation.Desc != "revoke" {
		t.Errorf("got %+v", e)
	}
	if tactic(&model.Action{Type: "block_ip"}, model.ClassContainment) != 1 || tactic(&model.Action{Type: "lookup"}, model.ClassRead) != 5 ||
		tactic(&model.Action{Type: "notify_internal"}, model.ClassCommunication) != 99 {
		t.Error("tactics")
	}
}

func TestRecordsOutsideTheAccountableStepsAreLeftOut(t *testing.T) {
	for _, rec := range []model.TimelineRecord{
		{Event: &model.Event{ID: "E1", Kind: model.KindAlert}},
		{Event: &model.Event{ID: "N1", Kind: model.KindNote}},
		{Evidence: &model.Evidence{ID: "EV-1"}},
	} {
		if _, ok := mapper().Record(rec, export.Context{}); ok {
			t.Errorf("%+v was exported", rec)
		}
	}
}

func TestTheIncidentIsAnIncidentFinding(t *testing.T) {
	m := mapper()
	closed := at.Add(time.Hour)
	m.Incident.Status, m.Incident.ClosedAt, m.Incident.Commander = model.StatusResolved, &closed, "alice"
	open, end := m.IncidentFinding(false), m.IncidentFinding(true)
	if open.ClassUID != 2005 || open.ActivityID != 1 || *open.StatusID != 1 || open.SeverityID != 5 || open.Assignee.UID != "alice" {
		t.Errorf("opening: %+v", open)
	}
	if end.ActivityID != 3 || *end.StatusID != 4 || end.Time != closed.UnixMilli() || end.FindingInfoList[0].UID != "INC-1" {
		t.Errorf("closing: %+v", end)
	}
	m.Incident.Commander = ""
	if g := m.IncidentFinding(false); g.Assignee != nil || g.AssigneeGroup == nil {
		t.Errorf("no commander: %+v", g)
	}
}

func TestAStatusChangeUpdatesTheIncidentFinding(t *testing.T) {
	m := mapper()
	m.Incident.Commander = "alice"
	for _, tc := range []struct {
		status model.Status
		id     int
		word   string
	}{
		{model.StatusOpen, 1, "New"},
		{model.StatusContained, 2, "In Progress"},
		{model.StatusResolved, 4, "Resolved"},
		{model.StatusClosed, 5, "Closed"},
	} {
		t.Run(string(tc.status), func(t *testing.T) {
			c := &model.StatusChange{ID: "ST-2", Status: tc.status, By: "alice", At: at, Rationale: "why", Signature: &model.Signature{Key: "SHA256:k"}}
			e, ok := m.Record(model.TimelineRecord{Status: c}, export.Context{Previous: model.StatusContained, Signature: model.SignatureDoesNotVerify})
			if !ok || e.ClassUID != 2005 || e.ActivityID != ActivityUpdate || e.TypeUID != 200502 || e.Time != at.UnixMilli() || e.Metadata.UID != "INC-1/status:ST-2" {
				t.Fatalf("header: %+v", e)
			}
			if *e.StatusID != tc.id || e.Status != tc.word || e.Comment != "why" || e.Actor.User.UID != "alice" || e.Assignee.UID != "alice" ||
				e.FindingInfoList[0].UID != "INC-1" || e.SeverityID != 5 {
				t.Errorf("got %+v", e)
			}
			u := e.Unmapped.Signoff
			if u.Kind != "status" || u.Record != "ST-2" || u.Status != string(tc.status) || u.PreviousStatus != "contained" || u.StatusChange == nil || u.StatusChange.Signature == nil ||
				u.SignatureCheck != model.SignatureDoesNotVerify {
				t.Errorf("unmapped: %+v", u)
			}
			if !strings.HasSuffix(e.Message, " (⚠ signature does not verify)") {
				t.Errorf("a change whose signature does not verify reads %q", e.Message)
			}
		})
	}
	c := &model.StatusChange{ID: "ST-3", Status: model.StatusClosed, By: "remediator", At: at, Rationale: "an agent closed it"}
	if e, _ := m.Record(model.TimelineRecord{Status: c}, export.Context{}); e.Actor.User != nil || e.Actor.AppName != "remediator" {
		t.Errorf("an agent's change: actor %+v", e.Actor)
	}
}
