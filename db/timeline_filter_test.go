package db

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// filterOracle says, from the whole document, which rows a filter keeps:
// what FilteredTimeline must find by walking the index.
type filterOracle struct {
	target map[string]string // row id -> the asset it is about
}

func newFilterOracle(doc model.Document) filterOracle {
	o := filterOracle{target: map[string]string{}}
	for _, ev := range doc.Evidence {
		o.target[ev.ID] = ev.Asset
	}
	for _, e := range doc.Events {
		if e.Action != nil {
			o.target[e.ID] = e.Action.Target
		}
	}
	for _, e := range doc.Events {
		if e.Kind == model.KindExecution {
			ref := e.Decision
			if ref == "" {
				ref = e.Suggestion
			}
			o.target[e.ID] = o.target[ref]
		}
	}
	return o
}

func (o filterOracle) keeps(f model.TimelineFilter, r model.TimelineRow) bool {
	switch {
	case len(f.Kinds) > 0 && !slices.Contains(f.Kinds, r.Kind):
	case f.Actor != "" && r.Actor != f.Actor:
	case f.Asset != "" && o.target[r.ID] != f.Asset:
	case f.Unreviewed && (r.Subject == "" || r.Verdict != ""):
	case f.Text != "" && !strings.Contains(strings.ToLower(r.Summary+"\x00"+r.Actor+"\x00"+r.ID), strings.ToLower(f.Text)):
	default:
		return true
	}
	return false
}

func TestFilteredTimelineKeepsWhatTheFilterSays(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		id := importGenerated(t, d, 3000, 7)
		all, err := d.TimelineAfter(ctx, id, nil, 100_000)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := d.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		o := newFilterOracle(doc)
		var asset string
		for _, r := range all {
			if r.Kind == model.KindEvidence {
				asset = o.target[r.ID]
				break
			}
		}
		filters := map[string]model.TimelineFilter{
			"AI suggestions and decisions": {Kinds: []model.EventKind{model.KindSuggestion, model.KindDecision}},
			"one actor":                    {Actor: all[len(all)/2].Actor},
			"one asset":                    {Asset: asset},
			"unreviewed steps":             {Unreviewed: true},
			"unreviewed executions":        {Unreviewed: true, Kinds: []model.EventKind{model.KindExecution}},
			"search text within a kind":    {Kinds: []model.EventKind{model.KindDecision}, Text: "revoke"},
			"common search text":           {Text: "evidence collected"},
			"two-letter search text":       {Text: "→ "},
			"nothing passes":               {Actor: "nobody-at-all"},
		}
		for name, f := range filters {
			var want []model.TimelineRow
			for _, r := range all {
				if o.keeps(f, r) {
					want = append(want, r)
				}
			}
			if name != "nothing passes" && len(want) == 0 {
				t.Fatalf("%s: the generated incident has no row to keep", name)
			}
			t.Run(name+": pages forward and backward give the kept rows in order", func(t *testing.T) {
				var got []model.TimelineRow
				var from *model.Cursor
				for {
					page, err := d.FilteredTimeline(ctx, id, f, from, true, 50)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, page...)
					if len(page) < 50 {
						break
					}
					c := page[len(page)-1].Cursor()
					from = &c
				}
				checkRows(t, got, want)
				last, err := d.FilteredTimeline(ctx, id, f, nil, false, 7)
				if err != nil {
					t.Fatal(err)
				}
				checkRows(t, last, want[max(0, len(want)-7):])
			})
			t.Run(name+": counts match", func(t *testing.T) {
				n, err := d.CountTimeline(ctx, id, f, nil, 100_000)
				if err != nil || n != len(want) {
					t.Errorf("CountTimeline = %d, %v; want %d", n, err, len(want))
				}
				if len(want) > 2 {
					mid := want[len(want)/2].Cursor()
					n, err := d.CountTimeline(ctx, id, f, &mid, 100_000)
					if err != nil || n != len(want)/2 {
						t.Errorf("CountTimeline before the middle = %d, %v; want %d", n, err, len(want)/2)
					}
					if n, _ := d.CountTimeline(ctx, id, f, nil, 2); n != 2 {
						t.Errorf("a count capped at 2 is %d", n)
					}
				}
			})
		}
	})
}

func checkRows(t *testing.T, got, want []model.TimelineRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("row %d is %s, want %s", i, fmt.Sprint(got[i]), fmt.Sprint(want[i]))
		}
	}
}
