package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
)

// A new incident's counts are tallied as its rows are written, not read
// back; they, and every table derived beside them, equal their
// definitions after an import of several generated incidents in one
// stream and after a stream appends to one of them.
func TestImportedIncidentsAreCountedAsTheirDefinitionCounts(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		var b strings.Builder
		if err := fixtures.Generate(&b, fixtures.GenOptions{Incidents: 3, Events: 2500, Seed: 5}); err != nil {
			t.Fatal(err)
		}
		results, err := importStream(t, d, "gen.ndjson", b.String())
		if err != nil || len(results) != 3 {
			t.Fatalf("imported %d incidents: %v", len(results), err)
		}
		checkDerived(t, d)
		checkFacts(t, d)

		head := strings.SplitN(b.String(), "\n", 2)[0] + "\n"
		feedStream(t, d, head+
			`{"record": "event", "id": "S-new", "at": "2026-03-01T09:00:00Z", "kind": "suggestion", "agent": "remediator", "action": {"type": "disable_account", "target": "etl-bot"}}`+"\n"+
			`{"record": "review", "subject": "S-new", "reviewer": "mara", "at": "2026-03-01T10:00:00Z", "verdict": "followed", "outcome_changed": "no", "ai_correct": "yes"}`+"\n")
		checkDerived(t, d)
		checkFacts(t, d)
		if res, err := d.Verify(context.Background()); err != nil || !res.Intact {
			t.Errorf("verify: %s, %v", res, err)
		}
	})
}

// checkFacts holds suggestion_facts to its definition.
func checkFacts(t *testing.T, d *DB) {
	t.Helper()
	const columns = "seq, inc, at, month, agent, action, confidence, bin, state, proposed, reviewed, ai_correct"
	for _, q := range []string{
		"SELECT count(*) FROM (SELECT " + columns + " FROM suggestion_facts EXCEPT SELECT " + columns + " FROM suggestion_facts_derived) AS x",
		"SELECT count(*) FROM (SELECT " + columns + " FROM suggestion_facts_derived EXCEPT SELECT " + columns + " FROM suggestion_facts) AS x",
	} {
		var n int
		if err := d.sql.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows of suggestion_facts differ from its definition (%s)", n, q)
		}
	}
}

// A verdict recorded twice is refused: twice in the stream that creates
// the incident, or again in a stream that appends to it.
func TestAStreamRefusesAVerdictAlreadyRecorded(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		head := strings.SplitN(feed, "\n", 2)[0] + "\n"
		verdict := `{"record": "review", "subject": "S7", "reviewer": "bob", "at": "2026-02-11T09:00:00Z", "verdict": "followed", "outcome_changed": "no", "ai_correct": "yes"}` + "\n"
		before := stateOf(t, d)
		_, err := importStream(t, d, "feed.ndjson", feed+verdict+verdict)
		wantError(t, err, model.ECONFLICT, "the review of S7 by bob at 2026-02-11T09:00:00Z is already recorded")
		if after := stateOf(t, d); after != before {
			t.Errorf("the refused stream changed the database: %+v -> %+v", before, after)
		}
		feedStream(t, d, feed+verdict)
		_, err = importStream(t, d, "feed.ndjson", head+verdict)
		wantError(t, err, model.ECONFLICT, "feed.ndjson line 2: the review of S7 by bob at 2026-02-11T09:00:00Z is already recorded")
	})
}
