package model

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func conf(f float64) *float64 { return &f }

// validDoc is a small incident that passes every check; each test case
// breaks one thing in a copy of it.
func validDoc() Document {
	return Document{
		Format:   FormatV1,
		Incident: Incident{ID: "INC-1", Title: "Leaked token", Severity: Sev2, Status: StatusResolved, OpenedAt: t0, Commander: "alice"},
		People:   []Person{{ID: "alice", Name: "Alice", Authority: AuthorityHigh}},
		Agents:   []Agent{{ID: "remediator", Name: "Remediation assistant", Role: RoleRemediation, Model: "m", Version: "1"}},
		Assets:   []Asset{{ID: "deploy-bot", Kind: "service_account", Privileged: true}},
		Evidence: []Evidence{{ID: "EV-1", Kind: "log", Asset: "deploy-bot", CollectedAt: t0, CollectedBy: "alice"}},
		Events: []Event{
			{ID: "S1", At: t0.Add(time.Minute), Kind: KindSuggestion, Agent: "remediator",
				Action: &Action{Type: "revoke_token", Target: "deploy-bot"}, Confidence: conf(0.8), ConfidenceCue: "high"},
			{ID: "D1", At: t0.Add(2 * time.Minute), Kind: KindDecision, Suggestion: "S1", Owner: "alice",
				Outcome: OutcomeApproved, Action: &Action{Type: "revoke_token", Target: "deploy-bot"}, Rationale: "r",
				EvidenceReviewed: []string{"EV-1"}},
			{ID: "X1", At: t0.Add(3 * time.Minute), Kind: KindExecution, Decision: "D1", Actor: "alice", Result: "succeeded"},
		},
		Reviews: []Review{{Subject: "S1", Reviewer: "alice", At: t0.Add(time.Hour), Verdict: VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"}},
	}
}

func TestAValidDocumentPasses(t *testing.T) {
	d := validDoc()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRefusesWithASentenceNamingTheField(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(d *Document)
		want   string
	}{
		{"a wrong format", func(d *Document) { d.Format = "v0" }, `"format"`},
		{"an unknown severity", func(d *Document) { d.Incident.Severity = "sev9" }, `"severity" is "sev9"`},
		{"an id with a slash", func(d *Document) { d.People[0].ID = "a/b" }, "bad id"},
		{"an id with a zero-width space", func(d *Document) { d.Assets[0].ID = "deploy\u200bbot" }, "bad id"},
		{"a duplicated person", func(d *Document) { d.People = append(d.People, d.People[0]) }, "person alice appears twice"},
		{"an agent sharing a person's id", func(d *Document) { d.Agents[0].ID = "alice" }, "already used"},
		{"an agent whose id is a person's in other letter case", func(d *Document) { d.Agents[0].ID = "Alice" }, `agent "Alice" reads like person "alice": a person and an agent must never read as one name`},
		{"a person whose id is an agent's in other letter case", func(d *Document) {
			d.People = append(d.People, Person{ID: "REMEDIATOR", Name: "R", Authority: AuthorityHigh})
		}, `agent "remediator" reads like person "REMEDIATOR"`},
		{"an agent whose id folds to a person's", func(d *Document) {
			d.Agents[0].ID = "\u212alice"
			d.People[0].ID = "klice"
			d.Incident.Commander = "klice"
		}, `agent "Klice" (spelt "\u212alice") reads like person "klice"`},
		{"an event sharing an evidence id", func(d *Document) { d.Events[2].ID = "EV-1" }, "already used"},
		{"a confidence above one", func(d *Document) { d.Events[0].Confidence = conf(1.4) }, `"confidence" is 1.4`},
		{"a decision naming a missing suggestion", func(d *Document) { d.Events[1].Suggestion = "S9" }, `unknown event "S9"`},
		{"a decision naming an alert as its suggestion", func(d *Document) {
			d.Events = append(d.Events, Event{ID: "A1", At: t0, Kind: KindAlert, Summary: "x"})
			d.Events[1].Suggestion = "A1"
		}, "not a suggestion"},
		{"an unknown owner", func(d *Document) { d.Events[1].Owner = "mallory" }, `"mallory"`},
		{"a missing evidence id", func(d *Document) { d.Events[1].EvidenceReviewed = []string{"EV-9"} }, `unknown evidence "EV-9"`},
		{"an unknown action target", func(d *Document) { d.Events[0].Action.Target = "nowhere" }, `unknown asset "nowhere"`},
		{"an execution naming both a decision and a suggestion", func(d *Document) { d.Events[2].Suggestion = "S1" }, "exactly one"},
		{"a field foreign to the kind", func(d *Document) { d.Events[2].Owner = "alice" }, `"owner" does not belong on an execution event`},
		{"a time a nanosecond past the last one signoff stores", func(d *Document) {
			d.Events[0].At = LatestTime.Add(time.Nanosecond)
		}, `"at" is 2262-04-11T23:47:16.854775808Z, outside the times signoff can store`},
		{"a human-originated rejection", func(d *Document) { d.Events[1].Suggestion = ""; d.Events[1].Outcome = OutcomeRejected }, "human-originated"},
		{"an agent as reviewer", func(d *Document) { d.Reviews[0].Reviewer = "remediator" }, "not a known person"},
		{"a review of an execution", func(d *Document) { d.Reviews[0].Subject = "X1" }, "suggestion or decision"},
		{"a parent cycle", func(d *Document) {
			d.Agents = append(d.Agents, Agent{ID: "triage", Name: "T", Role: RoleTriage, Parent: "remediator"})
			d.Agents[0].Parent = "triage"
		}, "loops back"},
		{"a short sha256", func(d *Document) { d.Evidence[0].SHA256 = "abc" }, "64 hexadecimal"},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			d := validDoc()
			c.break_(&d)
			err := d.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %s %q, want EINVALID mentioning %q", ErrorCode(err), err, c.want)
			}
		})
	}
}

func TestOwnersMayBeAgentsSoTheFindingCanReportIt(t *testing.T) {
	d := validDoc()
	d.Events[1].Approvals = []Approval{{By: "remediator", At: t0}}
	if err := d.Validate(); err != nil {
		t.Fatalf("an agent approver must be kept for the ai-approver finding, got %v", err)
	}
}

func TestNormalizePutsTimesInUTC(t *testing.T) {
	d := validDoc()
	paris := time.FixedZone("CET", 3600)
	d.Events[0].At = d.Events[0].At.In(paris)
	d.Normalize()
	if d.Events[0].At.Location() != time.UTC {
		t.Fatal("event time not in UTC")
	}
}

func TestParseEventRef(t *testing.T) {
	cases := []struct {
		in, inc, id string
		ok          bool
	}{
		{"INC-1/S1", "INC-1", "S1", true},
		{"S1", "", "S1", true},
		{"INC-1/", "", "", false},
		{"/S1", "", "", false},
		{"a/b/c", "", "", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			r, err := ParseEventRef(c.in)
			if (err == nil) != c.ok || (c.ok && (r.Incident != c.inc || r.ID != c.id)) {
				t.Fatalf("got %+v, %v", r, err)
			}
		})
	}
}

func TestErrorsKeepTheirCode(t *testing.T) {
	err := Errorf(ECONFLICT, "incident %s exists", "X")
	if ErrorCode(err) != ECONFLICT || ErrorMessage(err) != "incident X exists" {
		t.Fatal(err)
	}
	if ErrorCode(nil) != "" || ErrorCode(errFoo{}) != EINTERNAL || ErrorMessage(errFoo{}) != InternalMessage {
		t.Fatal("foreign errors are internal")
	}
	if strings.Contains(ErrorMessage(errFoo{}), errFoo{}.Error()) {
		t.Fatalf("the sentence %q carries the foreign error's text", ErrorMessage(errFoo{}))
	}
}

type errFoo struct{}

func (errFoo) Error() string { return "foo" }
