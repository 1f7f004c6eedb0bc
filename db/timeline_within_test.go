package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// A search the index cannot narrow reads at most within rows: a match
// inside the bound is found, and past it the search says where it stopped,
// so going on from there finds what one unbounded walk finds.
func TestABoundedSearchStopsAndGoesOn(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		id := importGenerated(t, d, 3000, 5)
		rows, err := d.TimelineAfter(ctx, id, nil, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		n := len(rows)
		// A short text matching one row far from the start: its id's last
		// two characters are unlikely elsewhere, so take the row's own.
		target := rows[n-10]
		for _, c := range []struct {
			name    string
			f       model.TimelineFilter
			forward bool
			from    model.Cursor
		}{
			{"two characters forward", model.TimelineFilter{Text: target.ID[len(target.ID)-2:]}, true, rows[0].Cursor()},
			{"two characters backward", model.TimelineFilter{Text: rows[10].ID[len(rows[10].ID)-2:]}, false, rows[n-1].Cursor()},
			{"a kind filter alone", model.TimelineFilter{Kinds: []model.EventKind{model.KindNote}}, true, rows[0].Cursor()},
			{"nothing matches", model.TimelineFilter{Text: "\x01q"}, true, rows[0].Cursor()},
		} {
			t.Run(c.name, func(t *testing.T) {
				want, err := d.FilteredTimeline(ctx, id, c.f, &c.from, c.forward, 1)
				if err != nil {
					t.Fatal(err)
				}
				from, steps, walked := c.from, 0, 0
				var got *model.TimelineRow
				for {
					step, err := d.SearchWithin(ctx, id, c.f, from, c.forward, 100)
					if err != nil {
						t.Fatal(err)
					}
					if step.Row != nil || step.End {
						got = step.Row
						break
					}
					steps++
					walked += 100
					if step.Reached == from || walked > n+100 {
						t.Fatalf("the search does not move on: %+v", step.Reached)
					}
					from = step.Reached
				}
				switch {
				case len(want) == 0 && got != nil:
					t.Errorf("found %s; want nothing", got.ID)
				case len(want) > 0 && (got == nil || got.ID != want[0].ID):
					t.Errorf("found %v; want %s", got, want[0].ID)
				}
				if len(want) > 0 && c.name != "a kind filter alone" && steps == 0 {
					t.Errorf("found within the first 100 rows: the test does not test the bound")
				}
			})
		}
	})
}
