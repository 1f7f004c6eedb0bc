package db

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// The sample incident (sampleDoc) is stored, and the store's clock reads
// 2026-03-01T12:00:00Z (clock): each stream below appends one line to it.

func TestAStreamTimedAheadOfTheClockIsRefusedWhole(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct{ name, line, want string }{
			{"a status change", `{"record": "status", "id": "FEED-1", "status": "resolved", "by": "alice", "at": "2099-01-01T00:00:00Z", "rationale": "wrong clock"}`,
				`feed.ndjson line 2: status change FEED-1: field "at" is 2099-01-01T00:00:00Z, 72 years ahead of this machine's clock (2026-03-01T12:00:00Z); an imported time may be at most 5 minutes ahead`},
			{"a verdict", `{"record": "review", "subject": "S2", "reviewer": "mara", "at": "2026-03-01T12:05:01Z", "verdict": "ignored", "outcome_changed": "no", "ai_correct": "no"}`,
				`feed.ndjson line 2: review of S2 by "mara": field "at" is 2026-03-01T12:05:01Z, 5m1s ahead of this machine's clock`},
			{"evidence", `{"record": "evidence", "id": "EV-9", "kind": "log", "asset": "deploy-bot", "collected_at": "2026-03-01T14:00:00+01:00", "collected_by": "alice"}`,
				`feed.ndjson line 2: evidence EV-9: field "collected_at" is 2026-03-01T13:00:00Z, 60 minutes ahead`},
			{"an event", `{"record": "event", "id": "N9", "at": "2026-03-04T12:00:00Z", "kind": "note", "actor": "alice", "summary": "later"}`,
				`feed.ndjson line 2: note N9: field "at" is 2026-03-04T12:00:00Z, 3 days ahead`},
			{"an approval", `{"record": "event", "id": "D9", "at": "2026-03-01T12:00:00Z", "kind": "decision", "suggestion": "S2", "owner": "alice", "outcome": "rejected", "approvals": [{"by": "mara", "at": "2027-03-01T12:00:00Z"}]}`,
				`feed.ndjson line 2: decision D9, the approval by "mara": field "at" is 2027-03-01T12:00:00Z, 365 days ahead`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				wantStreamRefused(t, "feed.ndjson", sampleHeader(t, "")+c.line+"\n", model.EINVALID, c.want)
			})
		}
	})
}

func TestAStreamMayRunUpToTheSkewAheadAndSuggestionsMayExpireLater(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		stream := sampleHeader(t, "") +
			`{"record": "review", "subject": "S2", "reviewer": "mara", "at": "2026-03-01T12:05:00Z", "verdict": "ignored", "outcome_changed": "no", "ai_correct": "no"}` + "\n" +
			`{"record": "event", "id": "S9", "at": "2026-03-01T11:00:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "rotate_secret", "target": "deploy-bot"}, "expires_at": "2099-01-01T00:00:00Z"}` + "\n"
		results, err := importStream(t, d, "feed.ndjson", stream)
		only(t, results, err)
	})
}

func TestADocumentTimedAheadOfTheClockIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name   string
			change func(*model.Document)
			want   string
		}{
			{"opened", func(doc *model.Document) {
				doc.Incident.OpenedAt = ts("2099-01-01T00:00:00Z")
				doc.Incident.ClosedAt = nil
			},
				`incident INC-1: field "opened_at" is 2099-01-01T00:00:00Z, 72 years ahead of this machine's clock`},
			{"closed", func(doc *model.Document) { doc.Incident.ClosedAt = ptr(ts("2099-01-01T00:00:00Z")) },
				`incident INC-1: field "closed_at" is 2099-01-01T00:00:00Z`},
			{"a status change", func(doc *model.Document) {
				doc.StatusChanges = []model.StatusChange{{ID: "ST-1", Status: model.StatusClosed, By: "alice", At: ts("2099-01-01T00:00:00Z"), Rationale: "done"}}
			}, `status change ST-1: field "at" is 2099-01-01T00:00:00Z`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				doc := sampleDoc()
				c.change(&doc)
				before := stateOf(t, d)
				_, err := d.ImportDocument(context.Background(), "doc.json", strings.NewReader(docJSON(t, doc)), "importer")
				wantError(t, err, model.EINVALID, c.want)
				if !strings.HasPrefix(err.Error(), "doc.json line ") {
					t.Errorf("the error %q does not name the document's line", err)
				}
				if after := stateOf(t, d); after != before {
					t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
				}
			})
		}
	})
}

func TestAStreamCannotAnswerASuggestionBeforeItWasMade(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		// S1 is stored, at 2026-02-10T09:10:00Z; S2 at 09:30.
		cases := []struct{ name, lines, want string }{
			{"a decision on a stored suggestion", `{"record": "event", "id": "D9", "at": "2020-01-01T00:00:00Z", "kind": "decision", "suggestion": "S1", "owner": "alice", "outcome": "rejected"}`,
				`feed.ndjson line 2: decision D9 is timed 2020-01-01T00:00:00Z, 6 years before suggestion S1 it answers (2026-02-10T09:10:00Z)`},
			{"an approval", `{"record": "event", "id": "D9", "at": "2026-02-10T09:40:00Z", "kind": "decision", "suggestion": "S2", "owner": "alice", "outcome": "approved", "action": {"type": "rotate_secret", "target": "deploy-bot"}, "approvals": [{"by": "mara", "at": "2026-02-10T09:20:00Z"}]}`,
				`feed.ndjson line 2: the approval by "mara" of decision D9 is timed 2026-02-10T09:20:00Z, 10 minutes before suggestion S2 it answers`},
			{"an execution on the AI's word", `{"record": "event", "id": "X9", "at": "2026-02-10T09:00:00Z", "kind": "execution", "suggestion": "S2", "actor": "soar", "automated": true, "result": "succeeded"}`,
				`feed.ndjson line 2: execution X9 is timed 2026-02-10T09:00:00Z, 30 minutes before suggestion S2 it acts on`},
			{"a suggestion of the same stream, read before it", `{"record": "event", "id": "S9", "at": "2026-02-10T10:00:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "rotate_secret", "target": "deploy-bot"}}` + "\n" +
				`{"record": "event", "id": "D9", "at": "2026-02-10T09:50:00Z", "kind": "decision", "suggestion": "S9", "owner": "alice", "outcome": "rejected"}`,
				`feed.ndjson line 3: decision D9 is timed 2026-02-10T09:50:00Z, 10 minutes before suggestion S9 it answers`},
			{"a suggestion of the same stream, read after it", `{"record": "event", "id": "D9", "at": "2026-02-10T09:50:00Z", "kind": "decision", "suggestion": "S9", "owner": "alice", "outcome": "rejected"}` + "\n" +
				`{"record": "event", "id": "S9", "at": "2026-02-10T10:00:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "rotate_secret", "target": "deploy-bot"}}`,
				`feed.ndjson line 2: decision D9 is timed 2026-02-10T09:50:00Z, 10 minutes before suggestion S9 it answers`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				wantStreamRefused(t, "feed.ndjson", sampleHeader(t, "")+c.lines+"\n", model.EINVALID, c.want)
			})
		}
	})
}

// An execution may come before the decision it carries out (approved by
// phone, recorded afterwards: the approval-after-execution finding), and
// clocks may differ by the skew.
func TestAStreamMayRecordADecisionAfterItsExecutionOrWithinTheSkew(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		stream := sampleHeader(t, "") +
			`{"record": "event", "id": "X9", "at": "2026-02-10T09:35:00Z", "kind": "execution", "decision": "D9", "actor": "alice", "result": "succeeded"}` + "\n" +
			`{"record": "event", "id": "D9", "at": "2026-02-10T09:45:00Z", "kind": "decision", "suggestion": "S2", "owner": "alice", "outcome": "approved", "action": {"type": "rotate_secret", "target": "deploy-bot"}, "approvals": [{"by": "mara", "at": "2026-02-10T09:25:00Z"}]}` + "\n"
		results, err := importStream(t, d, "feed.ndjson", stream)
		only(t, results, err)
	})
}

func TestADocumentCannotAnswerASuggestionBeforeItWasMade(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		doc.Events[2].At = ts("2020-01-01T00:00:00Z") // D1, on S1
		_, err := d.ImportDocument(context.Background(), "doc.json", strings.NewReader(docJSON(t, doc)), "importer")
		wantError(t, err, model.EINVALID, "decision D1 is timed 2020-01-01T00:00:00Z, 6 years before suggestion S1 it answers (2026-02-10T09:10:00Z)")
	})
}

func TestApartSaysASpanAsPeopleDo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		90 * time.Second:                 "1m30s",
		5 * time.Minute:                  "5 minutes",
		5*time.Minute + time.Second:      "5m1s",
		time.Hour:                        "60 minutes",
		3 * time.Hour:                    "3 hours",
		50 * time.Hour:                   "2 days",
		3 * 365 * 24 * time.Hour:         "3 years",
		1500 * time.Millisecond:          "2s",
		179*time.Minute + 59*time.Second: "2 hours",
	} {
		if got := apart(d); got != want {
			t.Errorf("apart(%v) = %q; want %q", d, got, want)
		}
	}
}

// A suggestion that has left the times kept in memory (recentIDs of them)
// is looked up where it is stored, or, when it still waits for the next
// flush, when the incident ends. An evidence line before the suggestions
// moves the flushes by one row, so that the suggestion asked for is in
// the other place.
func TestASuggestionPastTheKeptTimesIsStillFound(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		for _, c := range []struct{ name, first string }{
			{"stored", ""},
			{"waiting for the flush", `{"record": "evidence", "id": "EV-0", "kind": "log", "collected_at": "2026-02-01T00:00:00Z", "collected_by": "bob"}` + "\n"},
		} {
			t.Run(c.name, func(t *testing.T) {
				var b strings.Builder
				b.WriteString(`{"record": "incident", "format": "signoff.incident/v1", "id": "INC-K", "title": "Many suggestions", "severity": "sev3", "status": "open", "opened_at": "2026-02-01T00:00:00Z", "commander": "bob"}` + "\n")
				b.WriteString(`{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}` + "\n")
				b.WriteString(`{"record": "agent", "id": "triage", "name": "Triage model", "role": "triage"}` + "\n")
				b.WriteString(c.first)
				start := ts("2026-02-01T00:00:00Z")
				last := recentIDs + 1
				for i := 1; i <= last; i++ {
					b.WriteString(`{"record": "event", "id": "S` + strconv.Itoa(i) + `", "at": "` + start.Add(time.Duration(i)*time.Second).Format(time.RFC3339) +
						`", "kind": "suggestion", "agent": "triage", "action": {"type": "lookup"}}` + "\n")
				}
				// S<recentIDs> was let go of when S<recentIDs+1> came.
				b.WriteString(`{"record": "event", "id": "D1", "at": "2026-01-25T00:00:00Z", "kind": "decision", "suggestion": "S` + strconv.Itoa(recentIDs) + `", "owner": "bob", "outcome": "rejected"}` + "\n")
				d := openTest(t)
				_, err := importStream(t, d, "many.ndjson", b.String())
				wantError(t, err, model.EINVALID, "decision D1 is timed 2026-01-25T00:00:00Z, 7 days before suggestion S"+strconv.Itoa(recentIDs)+" it answers")
			})
		}
	})
}
