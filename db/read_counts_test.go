package db

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// checkDerived holds each table the triggers keep equal to its
// definition, the view beside it in migration 0005.
func checkDerived(t *testing.T, d *DB) {
	t.Helper()
	for _, table := range []string{"incident_counts", "pending_items"} {
		for _, q := range []string{
			"SELECT count(*) FROM (SELECT * FROM " + table + " EXCEPT SELECT * FROM " + table + "_derived) AS x",
			"SELECT count(*) FROM (SELECT * FROM " + table + "_derived EXCEPT SELECT * FROM " + table + ") AS x",
		} {
			var n int
			if err := d.sql.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%d rows of %s differ from its definition (%s)", n, table, q)
			}
		}
	}
}

func TestDerivedTablesFollowEveryWrite(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		steps := []struct {
			name  string
			write func(t *testing.T)
		}{
			{"every bundled incident imported", func(t *testing.T) {
				for _, name := range fixtures.Incidents() {
					loadFixture(t, d, name)
				}
			}},
			{"a stream whose decision comes before its suggestion", func(t *testing.T) {
				feedStream(t, d, feed)
			}},
			{"a stream appending a suggestion, then one answering it", func(t *testing.T) {
				head := strings.SplitN(feed, "\n", 2)[0] + "\n"
				feedStream(t, d, head+
					`{"record": "event", "id": "S8", "at": "2026-02-12T09:00:00Z", "kind": "suggestion", "agent": "triage", "action": {"type": "revoke_key", "target": "ci-key"}}`+"\n")
				feedStream(t, d, head+
					`{"record": "event", "id": "X8", "at": "2026-02-12T09:05:00Z", "kind": "execution", "suggestion": "S8", "actor": "soar", "automated": true, "result": "succeeded"}`+"\n"+
					`{"record": "event", "id": "D8", "at": "2026-02-12T09:06:00Z", "kind": "decision", "suggestion": "S8", "owner": "bob", "outcome": "approved", "action": {"type": "revoke_key", "target": "ci-key"}}`+"\n")
			}},
			{"queue decisions: a first approval, a second, and a rejection", func(t *testing.T) {
				for _, c := range []struct {
					person, suggestion string
					outcome            model.Outcome
				}{{"alice", "S3", model.OutcomeApproved}, {"dave", "S3", model.OutcomeApproved}, {"alice", "S5", model.OutcomeRejected}} {
					if _, err := decide(d, c.person, c.suggestion, c.outcome); err != nil {
						t.Fatal(err)
					}
				}
			}},
			{"two verdicts on one subject and one on another", func(t *testing.T) {
				for _, subject := range []string{"S7", "S7", "D8"} {
					r := model.Review{Subject: subject, Reviewer: "bob", Verdict: model.VerdictFollowed, OutcomeChanged: "no", AICorrect: "yes"}
					if subject == "D8" {
						r.Subject = "S8"
					}
					if _, err := d.RecordReview(ctx, "INC-9", r); err != nil {
						t.Fatal(err)
					}
				}
			}},
		}
		for _, s := range steps {
			t.Run("after "+s.name, func(t *testing.T) {
				s.write(t)
				checkDerived(t, d)
			})
		}
		s, err := d.IncidentSummary(ctx, "INC-9")
		if err != nil {
			t.Fatal(err)
		}
		if s.Suggestions != 2 || s.Decisions != 2 || s.Executions != 1 || s.Pending != 0 || s.Reviewed != 2 || s.Subjects != 2 || s.Events != 5 {
			t.Errorf("INC-9 counts %+v", s)
		}
		list, err := d.Incidents(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(fixtures.Incidents())+1 {
			t.Errorf("%d incidents listed", len(list))
		}
		for _, l := range list {
			one, err := d.IncidentSummary(ctx, l.ID)
			if err != nil || !reflect.DeepEqual(one, l) {
				t.Errorf("the list says %+v, IncidentSummary %+v (%v)", l, one, err)
			}
		}
		if _, err := d.IncidentSummary(ctx, "INC-404"); code(err) != model.ENOTFOUND {
			t.Errorf("an unknown incident gives %v; want ENOTFOUND", err)
		}
	})
}

func feedStream(t *testing.T, d *DB, text string) {
	t.Helper()
	results, err := importStream(t, d, "feed.ndjson", text)
	only(t, results, err)
}
