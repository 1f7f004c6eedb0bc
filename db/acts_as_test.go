package db

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// joseFeed is a live incident whose one person is "josé" written in NFC,
// with a suggestion waiting for a decision.
const joseFeed = `{"record": "incident", "format": "signoff.incident/v1", "id": "INC-J", "title": "t", "severity": "sev3", "status": "open", "opened_at": "2026-02-20T08:00:00Z", "commander": "jos\u00e9"}
{"record": "person", "id": "jos\u00e9", "name": "José", "authority": "high"}
{"record": "agent", "id": "triage", "name": "Triage", "role": "triage"}
{"record": "asset", "id": "ci-key", "kind": "key"}
{"record": "event", "id": "S1", "at": "2026-02-20T08:10:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "disable_account", "target": "ci-key"}, "confidence": 0.7}
`

// Someone acting as "josé" typed in NFD, when the incident holds "josé"
// in NFC, is neither taken for the stored person (a name that merely
// looks like someone must not act as them) nor told only that they are
// not a person: the refusal names the person they read like, and no
// person is created.
func TestActingAsAnIDThatReadsLikeAPersonIsRefusedNamingThePerson(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		if _, err := importStream(t, d, "jose.ndjson", joseFeed); err != nil {
			t.Fatal(err)
		}
		nfd := "jose\u0301"
		want := "\"jose\u0301\" (spelt \"jose\\u0301\") is not a person of incident INC-J, though it reads like its person \"jos\u00e9\" (spelt \"jos\\u00e9\")"
		before := stateOf(t, d)
		_, err := d.Decide(ctx, model.DecideRequest{Incident: "INC-J", Suggestion: "S1", Person: nfd,
			Outcome: model.OutcomeApproved, Rationale: "r"}, rules)
		wantError(t, err, model.EFORBIDDEN, want)
		_, err = d.Claim(ctx, "INC-J", "S1", nfd, time.Minute)
		wantError(t, err, model.EFORBIDDEN, want)
		_, err = d.Decide(ctx, model.DecideRequest{Incident: "INC-J", Suggestion: "S1", Person: "Triage",
			Outcome: model.OutcomeApproved, Rationale: "r"}, rules)
		wantError(t, err, model.EFORBIDDEN, `"Triage" is not a person of incident INC-J, though it reads like its agent "triage"`)
		if after := stateOf(t, d); after != before {
			t.Errorf("the refusals changed the database: %+v -> %+v", before, after)
		}
		_, err = d.Decide(ctx, model.DecideRequest{Incident: "INC-J", Suggestion: "S1", Person: "mallory",
			Outcome: model.OutcomeApproved, Rationale: "r"}, rules)
		wantError(t, err, model.EFORBIDDEN, "mallory is not a person of incident INC-J, so they cannot decide")
	})
}
