package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// Copy checks its source, then reads it in a transaction of its own: a
// chain rewritten or cut short between the two is not copied, whereas
// entries appended between them are (each checked as it is copied).
func TestACopyCarriesOnlyTheChainItsCheckVerified(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		cases := []struct {
			name    string
			between func(t *testing.T, d *DB)
			refused string // "" when the copy goes ahead
		}{
			{"an entry appended", func(t *testing.T, d *DB) {
				if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
					t.Fatal(err)
				}
			}, ""},
			{"the chain rewritten", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET at = at + 1000000000 WHERE seq = 10")
				rechain(t, d.Address())
			}, "changed between its check and the copy"},
			{"entries cut off the end", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM reviews", "DELETE FROM chain WHERE kind = 'review'")
			}, "changed between its check and the copy"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				src, dst := openTest(t), openTest(t)
				importDoc(t, src, sampleDoc())
				before, err := src.Verify(ctx)
				if err != nil || !before.Intact {
					t.Fatalf("the source: %s, %v", before, err)
				}
				c.between(t, src)
				res, err := copyVerified(ctx, src, dst, before, nil)
				if c.refused == "" {
					if err != nil || res.Entries != before.Entries+1 {
						t.Errorf("copied %d entries, %v; want %d", res.Entries, err, before.Entries+1)
					}
					return
				}
				wantError(t, err, model.ETAMPERED, c.refused)
				if n, _, _ := dst.ChainHead(ctx); n != 0 {
					t.Errorf("the destination holds %d entries", n)
				}
			})
		}
	})
}
