package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// A suggestion's month is that of its time in UTC, before 1970 too, where
// a time with a fraction of a second is not a whole number of seconds
// after the epoch: 1969-12-31T23:59:59.5Z is in December, not January.
func TestASuggestionJustBeforeAMonthEndsBefore1970CountsInThatMonth(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		doc := sampleDoc()
		doc.Incident.OpenedAt = ts("1969-11-01T00:00:00Z")
		for i := range doc.Events {
			switch doc.Events[i].ID {
			case "S1":
				doc.Events[i].At = ts("1969-12-31T23:59:59.5Z")
			case "S2":
				doc.Events[i].At = ts("1969-11-30T23:59:59.25Z")
			}
		}
		importDoc(t, d, doc)
		months := func(f model.MetricsFilter) map[string]int {
			t.Helper()
			cells, err := d.MetricCells(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, c := range cells {
				got[c.Month] += c.Suggestions
			}
			return got
		}
		all := months(model.MetricsFilter{})
		if len(all) != 2 || all["1969-12"] != 1 || all["1969-11"] != 1 {
			t.Errorf("suggestions by month are %v; want one in 1969-11 and one in 1969-12", all)
		}
		// From the 1st of December: that month summed from the facts, the
		// later ones from the cells; the suggestion must be in one of them.
		since := months(model.MetricsFilter{Since: ts("1969-12-01T00:00:00Z")})
		if len(since) != 1 || since["1969-12"] != 1 {
			t.Errorf("suggestions since 1969-12-01 by month are %v; want one, in 1969-12", since)
		}
		if res, err := d.Verify(ctx); err != nil || !res.Intact {
			t.Errorf("verify: %+v, %v; want the derived tables to agree with the record", res, err)
		}
	})
}

// A database written before migration 0012 holds facts in the month the
// old view gave and cells summed by it; the migration moves them.
func TestMigration0012MovesFactsCountedInTheWrongMonth(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	doc := sampleDoc()
	doc.Incident.OpenedAt = ts("1969-11-01T00:00:00Z")
	doc.Events[1].At = ts("1969-12-31T23:59:59.5Z") // S1
	importDoc(t, d, doc)
	// What the old view wrote: S1 in 1970-01, and its cell there.
	if _, err := d.sql.Exec(`UPDATE suggestion_facts SET month = '1970-01' WHERE at < 0;
		DELETE FROM suggestion_cells;
		INSERT INTO suggestion_cells SELECT agent, action, month, bin, count(*),
			sum(n_pending), sum(n_auto), sum(n_decided), sum(n_followed), sum(n_modified), sum(n_ignored),
			sum(n_decided_followed), sum(n_decided_overridden), sum(n_followed_judged), sum(n_followed_correct),
			sum(n_ignored_judged), sum(n_ignored_correct), sum(n_scored),
			total(scored_confidence), total(scored_outcome), total(squared_error)
		FROM suggestion_facts GROUP BY agent, action, month, bin`); err != nil {
		t.Fatal(err)
	}
	var m0012 string
	for _, m := range migrations() {
		if m.Version == 12 {
			m0012 = m.SQL
		}
	}
	if _, err := d.sql.Exec(m0012); err != nil {
		t.Fatal(err)
	}
	cells, err := d.MetricCells(ctx, model.MetricsFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range cells {
		got[c.Month] += c.Suggestions
	}
	if len(got) != 2 || got["1969-12"] != 1 || got["2026-02"] != 1 {
		t.Errorf("suggestions by month are %v; want S1 in 1969-12 and S2 in 2026-02", got)
	}
	if res, err := d.Verify(ctx); err != nil || !res.Intact {
		t.Errorf("verify: %+v, %v; want the derived tables to agree with the record", res, err)
	}
}
