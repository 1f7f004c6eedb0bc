package db

import (
	"context"
	"slices"
	"testing"
)

// A list is cut and padded on its way into a batch statement: every id
// comes back once, whatever the list's length, at the edges of the
// padding and of a cut too.
func TestABatchStatementReadsEveryIdOfItsList(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		tx, inc, err := d.readIncident(ctx, "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		w := &stepWalk{d: d, r: d.reader(tx), inc: inc, incident: "INC-1"}
		if w.chk, err = d.startCheck(ctx, tx, w.r, inc, "INC-1"); err != nil {
			t.Fatal(err)
		}
		defer w.chk.finish(ctx)
		var last int64
		if err := tx.QueryRowContext(ctx, "SELECT max(seq) FROM chain").Scan(&last); err != nil {
			t.Fatal(err)
		}
		defer func(n int) { maxListed = n }(maxListed)
		maxListed = minListed
		for n := 1; n <= int(last-inc); n++ {
			var want []int64
			for seq := inc + 1; seq <= inc+int64(n); seq++ {
				want = append(want, seq)
			}
			var got []int64
			err := w.eachListed(ctx, func(e *readEntry) error {
				got = append(got, e.Seq)
				return nil
			}, batchEntries, anys(want))
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("a list of %d: read %v", n, got)
			}
		}
		if n := last - inc; n <= int64(minListed) {
			t.Fatalf("the sample has %d entries after its incident's: too few to cross a cut of %d", n, minListed)
		}
	})
}
