package db_test

import (
	"context"
	"testing"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
)

// BenchmarkSuggestionOutputs: the raw outputs of 3,000 gated calls pending
// in 30 incidents (dbtest.GatedCalls, a 200-character argument each) read
// back one Event each, as signoff pending did, and by SuggestionOutputs, a
// statement a page of 500, on each engine (dbtest.Engines):
//
//	go test ./db -run '^$' -bench SuggestionOutputs -count 5
func BenchmarkSuggestionOutputs(b *testing.B) {
	ctx := context.Background()
	for _, engine := range dbtest.Engines() {
		d := dbtest.BenchDB(b, engine, "gated-3000", func(d *db.DB) error { return dbtest.GatedCalls(d, 30, 100, 200) })
		q, err := d.PendingQueue(ctx)
		if err != nil {
			b.Fatal(err)
		}
		refs := make([]model.EventRef, len(q.Items))
		for i, it := range q.Items {
			refs[i] = model.EventRef{Incident: it.Incident, ID: it.Suggestion}
		}
		if len(refs) != 3000 {
			b.Fatalf("%d pending; want 3000", len(refs))
		}
		b.Run(engine+"/one-event-each", func(b *testing.B) {
			for b.Loop() {
				for _, r := range refs {
					if _, err := d.Event(ctx, r.Incident, r.ID); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(engine+"/pages", func(b *testing.B) {
			for b.Loop() {
				n := 0
				if err := d.SuggestionOutputs(ctx, refs, func(int, string) error { n++; return nil }); err != nil || n != len(refs) {
					b.Fatalf("%d outputs: %v", n, err)
				}
			}
		})
	}
}
