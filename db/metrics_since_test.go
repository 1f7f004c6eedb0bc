package db

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// A filter from a date on reads the months after the date's own from the
// maintained cells and sums only the date's own month from the facts; the
// cells must be what summing every fact since the date gives.
func TestMetricsSinceADateEqualSummingEveryFactSinceIt(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		importDoc(t, d, trustDoc()) // suggestions on 2026-01-20 and 2026-02-10
		key := func(c model.MetricCell) [3]string { return [3]string{c.Agent, c.Action, c.Month} }
		for _, since := range []string{"1999-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-20T10:04:00Z",
			"2026-01-25T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-10T10:03:00Z", "2026-03-01T00:00:00Z"} {
			for _, f := range []model.MetricsFilter{{Since: ts(since)}, {Since: ts(since), Agent: "triager"}, {Since: ts(since), Action: "isolate_host"}} {
				got, err := d.MetricCells(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				aggregateFacts = true
				want, err := d.MetricCells(ctx, f)
				aggregateFacts = false
				if err != nil {
					t.Fatal(err)
				}
				g := map[[3]string]model.MetricCell{}
				for _, c := range got {
					if _, twice := g[key(c)]; twice {
						t.Errorf("since %s %+v: cell %v comes twice", since, f, key(c))
					}
					g[key(c)] = c
				}
				if len(got) != len(want) {
					t.Errorf("since %s %+v: %d cells; summing the facts gives %d", since, f, len(got), len(want))
				}
				for _, c := range want {
					if !sameSums(g[key(c)], c) {
						t.Errorf("since %s %+v: cell %v is\n%+v\nsumming the facts gives\n%+v", since, f, key(c), g[key(c)], c)
					}
				}
			}
		}
	})
}

// In the last month signoff can store, the month after the date's own is
// past the last time it can store (2262-04-11): the date's month must
// still be summed from the facts up to the end.
func TestMetricsSinceADateInTheLastMonthThatCanBeStored(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		// The store's clock reads the last time too: an import refuses
		// times ahead of it, and a decision before its suggestion.
		d := openTest(t, WithClock(func() time.Time { return model.LatestTime }))
		ctx := context.Background()
		doc := sampleDoc()
		for i := range doc.Events {
			switch doc.Events[i].ID {
			case "S1", "D1":
				doc.Events[i].At = model.LatestTime
				for j := range doc.Events[i].Approvals {
					doc.Events[i].Approvals[j].At = model.LatestTime
				}
			case "S2":
				doc.Events[i].At = ts("2262-04-05T00:00:00Z")
			}
		}
		importDoc(t, d, doc)
		cells, err := d.MetricCells(ctx, model.MetricsFilter{Since: ts("2262-04-01T00:00:00Z")})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cells {
			n += c.Suggestions
		}
		if n != 2 {
			t.Errorf("%d suggestions since 2262-04-01 (cells %+v); want S2 and S1, at the last time signoff can store", n, cells)
		}
	})
}

// The first day signoff can store, 1677-09-21, starts before the first
// time it can store (00:12:43): a date on or before it bounds nothing,
// rather than being refused as outside the range the refusal names.
func TestMetricsSinceADateBeforeTheFirstTimeThatCanBeStored(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		ctx := context.Background()
		doc := sampleDoc()
		for i := range doc.Events {
			if doc.Events[i].ID == "S1" {
				doc.Events[i].At = model.EarliestTime
			}
		}
		importDoc(t, d, doc)
		count := func(f model.MetricsFilter) (int, int) {
			cells, err := d.MetricCells(ctx, f)
			if err != nil {
				t.Fatalf("since %s: %v", f.Since, err)
			}
			n := 0
			for _, c := range cells {
				n += c.Suggestions
			}
			facts, err := d.MetricSuggestions(ctx, f, nil, 1000)
			if err != nil {
				t.Fatalf("since %s: %v", f.Since, err)
			}
			return n, len(facts)
		}
		all, allFacts := count(model.MetricsFilter{})
		for _, since := range []string{"1677-09-21T00:00:00Z", "1000-01-01T00:00:00Z"} {
			for _, f := range []model.MetricsFilter{{Since: ts(since)}, {Since: ts(since), Incident: doc.Incident.ID}} {
				if n, facts := count(f); n != all || facts != allFacts {
					t.Errorf("%+v counts %d suggestions and lists %d; without a date %d and %d", f, n, facts, all, allFacts)
				}
			}
		}
	})
}
