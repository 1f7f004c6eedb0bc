package db

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

var statusRules = review.StatusChecker(review.DefaultPolicy())

func changeStatus(d *DB, person string, status model.Status, deferAll bool) (model.StatusResult, error) {
	return d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: status, Person: person,
		Rationale: "token revoked and rotated", DeferPending: deferAll}, statusRules)
}

func mustVerify(t *testing.T, d *DB) {
	t.Helper()
	res, err := d.Verify(context.Background())
	if err != nil || !res.Intact {
		t.Fatalf("verify: %v %v", res, err)
	}
}

func TestAStatusChangeIsAnAccountableRecord(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		res, err := changeStatus(d, "alice", model.StatusContained, false)
		if err != nil {
			t.Fatal(err)
		}
		c := res.Change
		if res.Previous != model.StatusOpen || c.ID != "ST-1" || c.Status != model.StatusContained || c.By != "alice" ||
			!c.At.Equal(clock) || c.Rationale != "token revoked and rotated" {
			t.Fatalf("result %+v", res)
		}
		sum, err := d.IncidentSummary(ctx, "INC-2046")
		if err != nil {
			t.Fatal(err)
		}
		if sum.Status != model.StatusContained || sum.StatusBy != "alice" || sum.StatusSince == nil || !sum.StatusSince.Equal(clock) {
			t.Errorf("summary status %s by %s since %v", sum.Status, sum.StatusBy, sum.StatusSince)
		}
		var actor, kind, subject string
		if err := d.sql.QueryRow("SELECT actor, kind, subject FROM chain WHERE seq = ?", res.Seq).Scan(&actor, &kind, &subject); err != nil {
			t.Fatal(err)
		}
		if actor != "alice" || kind != "status" || subject != "ST-1" {
			t.Errorf("chain entry by %s, kind %s, subject %s", actor, kind, subject)
		}
		if n := len(queueKeys(t, d)); n != 5 {
			t.Errorf("a contained incident keeps its queue: %d items; want 5", n)
		}
		if _, err := changeStatus(d, "alice", model.StatusOpen, false); err != nil {
			t.Fatal(err)
		}
		history, err := d.StatusHistory(ctx, "INC-2046")
		if err != nil || len(history) != 2 || history[1].ID != "ST-2" || history[1].Status != model.StatusOpen {
			t.Fatalf("history %+v, %v", history, err)
		}
		mustVerify(t, d)
	})
}

func TestARefusedStatusChangeWritesNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		before := stateOf(t, d)
		_, err := changeStatus(d, "alice", model.StatusClosed, false)
		wantError(t, err, model.ECONFLICT, "INC-2046 cannot be marked closed: 5 suggestions are still pending (S3 revoke_token → mcp-cloud-token, S4")
		_, err = changeStatus(d, "tomas", model.StatusContained, false)
		wantError(t, err, model.EFORBIDDEN, "tomas (authority medium) cannot change the status of INC-2046")
		_, err = changeStatus(d, "triage", model.StatusContained, false)
		wantError(t, err, model.EFORBIDDEN, "triage is an AI agent of incident INC-2046")
		// tomas may not defer the critical S3: the whole change is refused.
		_, err = d.ChangeStatus(context.Background(), model.StatusRequest{Incident: "INC-2046", Status: model.StatusResolved,
			Person: "tomas", Rationale: "done", DeferPending: true}, review.StatusChecker(mustPolicy(t, "[status]\nauthority = \"medium\"\n")))
		wantError(t, err, model.EFORBIDDEN, "deferring S3 was refused: tomas (authority medium) cannot defer")
		if after := stateOf(t, d); after != before {
			t.Errorf("a refused change wrote: %+v → %+v", before, after)
		}
	})
}

func mustPolicy(t *testing.T, extra string) *review.Policy {
	t.Helper()
	p, err := review.LoadPolicy(strings.NewReader("[actions]\nlookup = { class = \"read\", tier = \"low\" }\n"+
		"revoke_token = { class = \"containment\", tier = \"high\" }\n"+extra), "p.toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestClosingDefersEveryPendingSuggestionInOneWrite(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		q, err := d.PendingQueue(ctx) // the queue keeps this snapshot
		if err != nil || len(q.Items) != 5 {
			t.Fatalf("queue %d items, %v", len(q.Items), err)
		}
		res, err := changeStatus(d, "alice", model.StatusClosed, true)
		if err != nil {
			t.Fatal(err)
		}
		var deferred []string
		for _, dec := range res.Deferred {
			deferred = append(deferred, dec.ID)
			if dec.Owner != "alice" || dec.Outcome != model.OutcomeDeferred || !dec.At.Equal(res.Change.At) ||
				!strings.HasPrefix(dec.Rationale, "Deferred as alice marked the incident closed: ") {
				t.Errorf("deferral %+v", dec)
			}
		}
		if got := strings.Join(deferred, " "); got != "D-S3 D-S4 D-S5 D-S6 D-S8" {
			t.Errorf("deferred %s", got)
		}
		if keys := queueKeys(t, d); len(keys) != 0 {
			t.Errorf("the closed incident is still queued: %v", keys)
		}
		lines, err := d.DecisionsSince(ctx, 0, 100)
		if err != nil || len(lines) != 5 {
			t.Errorf("decisions streams %d deferrals, %v; want 5", len(lines), err)
		}
		sum, _ := d.IncidentSummary(ctx, "INC-2046")
		if sum.Status != model.StatusClosed || sum.Pending != 0 {
			t.Errorf("summary %s with %d pending", sum.Status, sum.Pending)
		}
		_, err = decide(d, "alice", "S3", model.OutcomeApproved)
		wantError(t, err, model.ECONFLICT, "already decided by you (alice)")
		mustVerify(t, d)
	})
}

// statusStream appends records to the stored INC-2046.
func statusStream(t *testing.T, d *DB, lines ...string) ([]model.ImportResult, error) {
	t.Helper()
	doc, err := d.Document(context.Background(), "INC-2046")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`{"record": "incident", "format": "signoff.incident/v1", "id": "INC-2046", "title": ` + quote(doc.Incident.Title) +
		`, "severity": "sev2", "status": "open", "opened_at": "2026-11-25T07:58:00Z", "commander": "alice", "summary": ` + quote(doc.Incident.Summary) + "}\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return d.ImportStream(context.Background(), "feed.ndjson", strings.NewReader(b.String()), "feed")
}

func quote(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s))
	b.WriteByte('"')
	return b.String()
}

func TestAFeedCanReportAStatusChange(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueueOnItsDay(t)
		ctx := context.Background()
		if _, err := d.PendingQueue(ctx); err != nil {
			t.Fatal(err)
		}
		res, err := statusStream(t, d, `{"record": "status", "id": "SOAR-9", "status": "resolved", "by": "alice", "at": "2026-11-25T10:00:00Z", "rationale": "closed in the SOAR"}`)
		if err != nil {
			t.Fatal(err)
		}
		if res[0].Counts["status changes"] != 1 {
			t.Errorf("counts %v", res[0].Counts)
		}
		if keys := queueKeys(t, d); len(keys) != 0 {
			t.Errorf("a resolved incident is still queued: %v", keys)
		}
		_, err = decide(d, "alice", "S5", model.OutcomeRejected)
		wantError(t, err, model.EINVALID, "incident INC-2046 is resolved; the queue decides suggestions of open or contained incidents only")
		_, err = d.PendingDetail(ctx, "INC-2046", "S5")
		wantError(t, err, model.ENOTFOUND, "not a pending suggestion of an open incident")

		_, err = statusStream(t, d, `{"record": "status", "id": "SOAR-9", "status": "open", "by": "alice", "at": "2026-11-25T10:00:00Z", "rationale": "again"}`)
		wantError(t, err, model.ECONFLICT, "feed.ndjson line 2: status change SOAR-9 already exists in incident INC-2046")
		_, err = statusStream(t, d,
			`{"record": "status", "id": "A", "status": "open", "by": "alice", "at": "2026-11-25T10:00:00Z", "rationale": "again"}`,
			`{"record": "status", "id": "A", "status": "closed", "by": "alice", "at": "2026-11-25T10:01:00Z", "rationale": "again"}`)
		wantError(t, err, model.EINVALID, "feed.ndjson line 3: status change A: the id is already used by an earlier record of this stream")
		_, err = statusStream(t, d, `{"record": "status", "id": "B", "status": "open", "by": "ghost", "at": "2026-11-25T10:00:00Z", "rationale": "x"}`)
		wantError(t, err, model.EINVALID, `feed.ndjson line 2: status change B: field "by" names "ghost", who is neither a person nor an agent`)
		_, err = statusStream(t, d, `{"record": "status", "id": "B", "status": "open", "by": "alice", "at": "2026-11-25T10:00:00Z"}`)
		wantError(t, err, model.EINVALID, `feed.ndjson line 2: status change B: field "rationale" is required`)
		if _, err := statusStream(t, d, `{"record": "status", "id": "B", "status": "open", "by": "triage", "at": "2026-11-25T10:00:00Z", "rationale": "agent reopens"}`); err != nil {
			t.Fatalf("a change by an agent is recorded for the finding to report: %v", err)
		}
		if keys := queueKeys(t, d); len(keys) != 5 {
			t.Errorf("reopened: %d items; want 5", len(keys))
		}
		mustVerify(t, d)
	})
}

func TestStatusChangesRoundTripByteForByte(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		if _, err := changeStatus(d, "alice", model.StatusContained, false); err != nil {
			t.Fatal(err)
		}
		if _, err := statusStream(t, d, `{"record": "status", "id": "SOAR-1", "status": "open", "by": "dave", "at": "2026-02-28T08:30:00+01:00", "rationale": "seen again"}`); err != nil {
			t.Fatal(err)
		}
		exported := exportOf(t, d, "INC-2046")
		if !bytes.Contains(exported, []byte(`"status_changes": [`)) || !bytes.Contains(exported, []byte(`"id": "SOAR-1"`)) {
			t.Fatalf("the export lacks the status changes:\n%s", exported)
		}
		second := openTest(t, samplesClock)
		if _, err := second.ImportDocument(ctx, "export.json", bytes.NewReader(exported), "importer"); err != nil {
			t.Fatalf("the export does not import: %v", err)
		}
		if again := exportOf(t, second, "INC-2046"); !bytes.Equal(exported, again) {
			t.Errorf("export → import → export differs")
		}
		doc, err := second.Document(ctx, "INC-2046")
		if err != nil || len(doc.StatusChanges) != 2 || doc.CurrentStatus() != model.StatusContained {
			t.Fatalf("document has %d changes, status %s (%v); want 2, contained (ST-1 on 1 March is later than SOAR-1 on 28 February)",
				len(doc.StatusChanges), doc.CurrentStatus(), err)
		}
		sum, _ := second.IncidentSummary(ctx, "INC-2046")
		if sum.Status != model.StatusContained {
			t.Errorf("the imported incident is %s; want contained", sum.Status)
		}
		if noChanges := exportOf(t, d, "INC-2041"); bytes.Contains(noChanges, []byte("status_changes")) {
			t.Errorf("an incident without changes exports a status_changes list")
		}
		mustVerify(t, second)
	})
}

func TestVerifyCatchesAlteredStatusChangesAndNotes(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, stmt, table string
		}{
			{"a status changed in place", "UPDATE status_changes SET status = 'open'", "status_changes"},
			{"a status change deleted", "DELETE FROM status_changes", "status_changes"},
			{"a hand-off note's author changed", "UPDATE handoff_notes SET person = 'dave'", "handoff_notes"},
		}
		for _, tc := range cases {
			t.Run(tc.name+" is reported", func(t *testing.T) {
				d := openQueue(t)
				if _, err := changeStatus(d, "alice", model.StatusContained, false); err != nil {
					t.Fatal(err)
				}
				if _, err := d.AddHandoffNote(context.Background(), model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "watch the gateway"}); err != nil {
					t.Fatal(err)
				}
				mustVerify(t, d)
				tamper(t, d.Address(), tc.stmt)
				res, err := d.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact || res.Table != tc.table {
					t.Errorf("verify says %s", res)
				}
			})
		}
	})
}

func TestClaimsHoldAnItemForOnePersonUntilTheyLapse(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		now := clock
		d := openTest(t, WithClock(func() time.Time { return now }))
		loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
		ctx := context.Background()
		c, err := d.Claim(ctx, "INC-2046", "S3", "alice", 30*time.Minute)
		if err != nil || c.Person != "alice" || !c.Since.Equal(now) || !c.Until.Equal(now.Add(30*time.Minute)) {
			t.Fatalf("claim %+v, %v", c, err)
		}
		_, err = d.Claim(ctx, "INC-2046", "S3", "dave", 30*time.Minute)
		wantError(t, err, model.ECONFLICT, "INC-2046/S3 is held by alice since 2026-03-01 12:00:00 UTC (until 2026-03-01 12:30:00 UTC)")
		now = now.Add(10 * time.Minute)
		if c, err = d.Claim(ctx, "INC-2046", "S3", "alice", 30*time.Minute); err != nil || !c.Since.Equal(clock) || !c.Until.Equal(now.Add(30*time.Minute)) {
			t.Fatalf("renewed claim %+v, %v", c, err)
		}
		q, err := d.PendingQueue(ctx)
		if err != nil || len(q.Claims) != 1 || q.Claims[0].Key() != "INC-2046/S3" || q.Claims[0].Person != "alice" {
			t.Fatalf("queue claims %+v, %v", q.Claims, err)
		}
		wantError(t, d.Release(ctx, "INC-2046", "S3", "dave"), model.ENOTFOUND, "dave holds no claim on INC-2046/S3")
		if err := d.Release(ctx, "INC-2046", "S3", "alice"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Claim(ctx, "INC-2046", "S3", "dave", time.Minute); err != nil {
			t.Fatalf("a released item cannot be claimed: %v", err)
		}
		now = now.Add(time.Minute)
		if _, err := d.Claim(ctx, "INC-2046", "S3", "alice", time.Minute); err != nil {
			t.Fatalf("a lapsed claim still holds: %v", err)
		}
		// A claim is "I'm on it", not a lock held for years: past a shift
		// it is refused (the holder renews), and a length whose end
		// overflows the store's time is never held as something else.
		for _, ttl := range []time.Duration{12*time.Hour + time.Second, 200 * 365 * 24 * time.Hour, time.Duration(1<<63 - 1)} {
			_, err = d.Claim(ctx, "INC-2046", "S4", "alice", ttl)
			wantError(t, err, model.EINVALID, "a claim holds at most 12h0m0s")
		}
		_, err = d.Claim(ctx, "INC-2046", "S4", "mallory", time.Minute)
		wantError(t, err, model.EFORBIDDEN, "mallory is not a person of incident INC-2046")
		_, err = d.Claim(ctx, "INC-2046", "S1", "alice", time.Minute)
		wantError(t, err, model.ENOTFOUND, "INC-2046/S1 is not a pending suggestion of an open incident")
		before := stateOf(t, d)
		if _, err := d.Claim(ctx, "INC-2046", "S5", "alice", time.Minute); err != nil {
			t.Fatal(err)
		}
		if after := stateOf(t, d); after != before {
			t.Errorf("a claim wrote to the record: %+v → %+v", before, after)
		}
	})
}

func TestHandoffNotesAreNamedAndAppendOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		n, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "S3 waits for dave's second approval"})
		if err != nil || !n.At.Equal(clock) {
			t.Fatalf("note %+v, %v", n, err)
		}
		if _, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "tomas", Text: "the gateway is quiet"}); err != nil {
			t.Fatal(err)
		}
		_, err = d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "triage", Text: "from an agent"})
		wantError(t, err, model.EFORBIDDEN, "triage is not a person of incident INC-2046")
		_, err = d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "  "})
		wantError(t, err, model.EINVALID, "the hand-off note for INC-2046 is empty")
		_, err = d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "\u200b\u2060"})
		wantError(t, err, model.EINVALID, "the hand-off note for INC-2046 is empty")
		notes, err := d.HandoffNotes(ctx, "INC-2046", 10)
		if err != nil || len(notes) != 2 || notes[0].By != "tomas" || notes[1].By != "alice" {
			t.Fatalf("notes %+v, %v", notes, err)
		}
		q, err := d.PendingQueue(ctx)
		if err != nil || q.Handoffs["INC-2046"].By != "tomas" || q.HandoffCount["INC-2046"] != 2 {
			t.Fatalf("queue hand-offs %+v %v, %v", q.Handoffs, q.HandoffCount, err)
		}
		_, err = d.sql.Exec("UPDATE handoff_notes SET person = 'dave'")
		wantError(t, d.fail(err), model.EFORBIDDEN, "hand-off notes are append-only")
		mustVerify(t, d)
	})
}

func TestTheWorkstationsStepKnowsTheLifecycle(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueueOnItsDay(t)
		ctx := context.Background()
		if _, err := statusStream(t, d, `{"record": "status", "id": "SOAR-9", "status": "closed", "by": "alice", "at": "2026-11-25T10:00:00Z", "rationale": "closed in the SOAR"}`); err != nil {
			t.Fatal(err)
		}
		step, err := d.Step(ctx, "INC-2046", "S5")
		if err != nil || step.Lifecycle == nil || step.Lifecycle.Current() != model.StatusClosed {
			t.Fatalf("step lifecycle %+v, %v", step.Lifecycle, err)
		}
		roster, err := d.Roster(ctx, "INC-2046")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range review.StepFindings(step, roster, review.DefaultPolicy()) {
			codes = append(codes, f.Code)
		}
		if !strings.Contains(strings.Join(codes, " "), "closed-with-pending") {
			t.Errorf("the step's findings %v lack closed-with-pending", codes)
		}
	})
}

func TestAStatusChangeLeavesTheMetricsAlone(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueueOnItsDay(t)
		ctx := context.Background()
		before, err := d.MetricCells(ctx, model.MetricsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := changeStatus(d, "alice", model.StatusContained, false); err != nil {
			t.Fatal(err)
		}
		if _, err := statusStream(t, d, `{"record": "status", "id": "SOAR-9", "status": "resolved", "by": "alice", "at": "2026-11-25T10:00:00Z", "rationale": "x"}`); err != nil {
			t.Fatal(err)
		}
		after, err := d.MetricCells(ctx, model.MetricsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := fmt.Sprint(before), fmt.Sprint(after); a != b {
			t.Errorf("the metrics moved with the status:\n%s\n%s", a, b)
		}
	})
}

// A change made on a machine whose clock is behind the change in force
// (another host's, or one a feed reported) would be recorded yet not be in
// force: the status in force is the latest by time. It is refused, naming
// both times, and nothing is written.
func TestAStatusChangeTimedBeforeTheOneInForceIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		now := clock
		d := openTest(t, WithClock(func() time.Time { return now }))
		loadFixture(t, d, "inc-2046-mcp-token-open-queue.json")
		ctx := context.Background()
		if _, err := changeStatus(d, "alice", model.StatusContained, false); err != nil {
			t.Fatal(err)
		}
		now = clock.Add(-5 * time.Minute)
		before := stateOf(t, d)
		_, err := changeStatus(d, "dave", model.StatusOpen, false)
		wantError(t, err, model.ECONFLICT, "INC-2046 cannot be marked open now: the status in force, contained (ST-1 by alice), is timed 2026-03-01 12:00:00 UTC, after this machine's clock (2026-03-01 11:55:00 UTC)")
		if after := stateOf(t, d); after != before {
			t.Errorf("a refused change wrote to the record: %+v → %+v", before, after)
		}
		if sum, err := d.IncidentSummary(ctx, "INC-2046"); err != nil || sum.Status != model.StatusContained {
			t.Fatalf("status in force %s, %v", sum.Status, err)
		}
		now = clock
		if res, err := changeStatus(d, "dave", model.StatusOpen, false); err != nil || res.Change.ID != "ST-2" {
			t.Fatalf("a change at the instant of the one in force: %+v, %v", res, err)
		}
		if sum, err := d.IncidentSummary(ctx, "INC-2046"); err != nil || sum.Status != model.StatusOpen {
			t.Fatalf("status in force after a change at the same instant: %s, %v", sum.Status, err)
		}
	})
}

// signoff handoff listed each note from its entry without holding the
// note's row to it: a row moved from another incident listed that
// incident's note as this one's, and a row's author or time edited
// outside signoff went unsaid. Each listed note is held to its entry: the
// entry must be a note of the incident, the row's author and time the
// entry's, and the store's reads say when a row differs.
func TestHandoffNotesAreHeldToTheirEntries(t *testing.T) {
	cases := []struct{ name, stmt, want string }{
		{"an author", "UPDATE handoff_notes SET person = 'dave' WHERE person = 'alice'", "(its author)"},
		{"a time", "UPDATE handoff_notes SET at = at + 1 WHERE person = 'alice'", "(its time)"},
		{"a note moved from another incident", "UPDATE handoff_notes SET inc = (SELECT seq FROM incidents WHERE id = 'INC-2046') WHERE person = 'mara'",
			"the row belongs to another incident than the entry's INC-2041"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openQueue(t)
				ctx := context.Background()
				for _, n := range []model.HandoffNote{
					{Incident: "INC-2046", By: "alice", Text: "S3 waits for dave's second approval"},
					{Incident: "INC-2041", By: "mara", Text: "OTHER INCIDENT: nothing to hand over"},
				} {
					if _, err := d.AddHandoffNote(ctx, n); err != nil {
						t.Fatal(err)
					}
				}
				tamper(t, d.Address(), c.stmt)
				notes, err := d.HandoffNotes(ctx, "INC-2046", 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(notes) != 1 || notes[0].By != "alice" || !notes[0].At.Equal(clock) || notes[0].Incident != "INC-2046" {
					t.Errorf("the notes listed are %+v; want alice's note alone, as recorded", notes)
				}
				if got := d.ReadFault(); !strings.Contains(got, c.want) {
					t.Errorf("the store's reads say %q, want %q", got, c.want)
				}
			})
		})
	}
}

// The queue showed each incident's latest hand-off note by its row's seq
// alone: a row moved from another incident showed that incident's note at
// the top of this one's group. The note's entry must be a note of the
// incident; one that is not is left out and noted.
func TestTheQueuesLatestHandoffIsHeldToItsIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		for _, n := range []model.HandoffNote{
			{Incident: "INC-2046", By: "alice", Text: "S3 waits for dave's second approval"},
			{Incident: "INC-2041", By: "mara", Text: "OTHER INCIDENT: nothing to hand over"},
		} {
			if _, err := d.AddHandoffNote(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		tamper(t, d.Address(), "UPDATE handoff_notes SET inc = (SELECT seq FROM incidents WHERE id = 'INC-2046') WHERE person = 'mara'")
		q, err := d.PendingQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := q.Handoffs["INC-2046"]; ok && n.Incident != "INC-2046" {
			t.Errorf("the queue shows INC-2046's latest note as %+v", n)
		}
		if got, want := d.ReadFault(), "the row belongs to another incident than the entry's INC-2041"; !strings.Contains(got, want) {
			t.Errorf("the store's reads say %q, want %q", got, want)
		}
	})
}
