package db

import (
	"context"
	"testing"

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
