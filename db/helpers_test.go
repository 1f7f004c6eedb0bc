package db

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

var clock = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fixedClock stops the store's clock at clock, so what a test writes is
// the same on every run.
var fixedClock = WithClock(func() time.Time { return clock })

// openTest opens a fresh database for the engine the test runs on
// (engines_test.go), its clock fixed (unless opts set another): on SQLite
// a copy of a file migrated once (template_test.go), on PostgreSQL a
// schema migrated ahead (ahead_test.go).
func openTest(t testing.TB, opts ...Option) *DB {
	t.Helper()
	if !postgresTest(t) {
		return openAt(t, migratedFile(t), opts...)
	}
	return openAt(t, migratedSchema(t), opts...)
}

// inRaceRun is the first n of a list in the race run (-short), all of it
// otherwise: the run without the race detector covers every input, and
// the race detector needs the goroutines to run, not every input again.
func inRaceRun[T any](all []T, n int) []T {
	if testing.Short() && len(all) > n {
		return all[:n]
	}
	return all
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// sampleDoc is a small incident that uses every kind of record: a leaked
// token revoked after a modified decision, an alert, a note, a pending
// suggestion and a human-originated action.
func sampleDoc() model.Document {
	closed := ts("2026-02-10T11:00:00Z")
	return model.Document{
		Format: model.FormatV1,
		Incident: model.Incident{ID: "INC-1", Title: "Leaked deploy token", Severity: model.Sev1,
			Status: model.StatusResolved, OpenedAt: ts("2026-02-10T09:00:00Z"), ClosedAt: &closed,
			Commander: "alice", Summary: "A deploy token was pasted in a public gist."},
		People: []model.Person{
			{ID: "alice", Name: "Alice Moreau", Role: "IR lead", Authority: model.AuthorityHigh},
			{ID: "mara", Name: "Mara Quist", Role: "reviewer", Authority: model.AuthorityMedium},
		},
		Agents: []model.Agent{{ID: "remediator", Name: "Remediation assistant", Model: "m", Version: "2026-01",
			Role: model.RoleRemediation, Operator: "alice"}},
		Assets: []model.Asset{{ID: "deploy-bot", Kind: "service_account", Privileged: true, Owner: "alice"}},
		Evidence: []model.Evidence{{ID: "EV-1", Kind: "log", Asset: "deploy-bot", CollectedAt: ts("2026-02-10T09:05:00Z"),
			CollectedBy: "alice", SHA256: strings.Repeat("ab", 32), URI: "s3://ir/ev1.log", Summary: "token use from 203.0.113.7"}},
		Events: []model.Event{
			{ID: "E1", At: ts("2026-02-10T09:01:00Z"), Kind: model.KindAlert, Source: "secret-scanner", Summary: "token found in gist", Evidence: []string{"EV-1"}},
			{ID: "S1", At: ts("2026-02-10T09:10:00Z"), Kind: model.KindSuggestion, Agent: "remediator",
				Action:     &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke all sessions"},
				Confidence: ptr(0.86), ConfidenceCue: "high", Rank: 1, Rationale: "token is live", Evidence: []string{"EV-1"}},
			{ID: "D1", At: ts("2026-02-10T09:12:00Z"), Kind: model.KindDecision, Suggestion: "S1", Owner: "alice",
				Outcome: model.OutcomeModified, Action: &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke token only"},
				Rationale: "keep sessions for forensics", EvidenceReviewed: []string{"EV-1"},
				Approvals: []model.Approval{{By: "alice", At: ts("2026-02-10T09:12:00Z")}}},
			{ID: "X1", At: ts("2026-02-10T09:13:00Z"), Kind: model.KindExecution, Decision: "D1", Actor: "soar-runner", Automated: true, Result: "succeeded"},
			{ID: "N1", At: ts("2026-02-10T09:20:00Z"), Kind: model.KindNote, Actor: "alice", Summary: "gist removed"},
			{ID: "S2", At: ts("2026-02-10T09:30:00Z"), Kind: model.KindSuggestion, Agent: "remediator",
				Action: &model.Action{Type: "rotate_secret", Target: "deploy-bot"}, Confidence: ptr(0.4)},
			{ID: "D2", At: ts("2026-02-10T09:40:00Z"), Kind: model.KindDecision, Owner: "alice", Outcome: model.OutcomeApproved,
				Action: &model.Action{Type: "notify_internal", Detail: "tell the platform team"}, Rationale: "they own the bot"},
		},
		Reviews: []model.Review{{Subject: "S1", Reviewer: "mara", At: ts("2026-02-11T10:00:00Z"), Verdict: model.VerdictModified,
			OutcomeChanged: "no", AICorrect: "partial", Note: "sensible"}},
	}
}

func docJSON(t testing.TB, doc model.Document) string {
	t.Helper()
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func importDoc(t testing.TB, d *DB, doc model.Document) model.ImportResult {
	t.Helper()
	res, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(docJSON(t, doc)), "importer")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// importGenerated imports one generated incident of events events and
// returns its id.
func importGenerated(t testing.TB, d *DB, events int, seed int64) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: events, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportStream(context.Background(), "gen.ndjson", &buf, "importer"); err != nil {
		t.Fatal(err)
	}
	return fixtures.GenIncidentID(seed, 0)
}

// state is what a refused import must leave unchanged.
type state struct {
	entries int64
	head    string
	counts  string
}

func stateOf(t testing.TB, d *DB) state {
	t.Helper()
	n, head, err := d.ChainHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var counts string
	err = d.sql.QueryRow(`SELECT (SELECT count(*) FROM incidents) || '/' || (SELECT count(*) FROM people) || '/' ||
		(SELECT count(*) FROM agents) || '/' || (SELECT count(*) FROM assets) || '/' || (SELECT count(*) FROM events) || '/' ||
		(SELECT count(*) FROM reviews) || '/' || (SELECT count(*) FROM status_changes) || '/' || (SELECT count(*) FROM handoff_notes) || '/' ||
		(SELECT count(*) FROM chain)`).Scan(&counts)
	if err != nil {
		t.Fatal(err)
	}
	return state{n, head, counts}
}

func code(err error) string { return model.ErrorCode(err) }

func wantError(t *testing.T, err error, wantCode, wantText string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error; want %s containing %q", wantCode, wantText)
	}
	var me *model.Error
	if !errors.As(err, &me) || me.Code != wantCode || !strings.Contains(me.Message, wantText) {
		t.Fatalf("got error %q (code %s); want %s containing %q", err, code(err), wantCode, wantText)
	}
}
