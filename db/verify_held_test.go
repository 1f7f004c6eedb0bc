package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A whole check held to what a machine remembers of the record finds what
// the whole chain alone cannot show: a chain recomputed since, or cut
// short. A remembered check of another record holds nothing.
func TestAWholeCheckHeldToARememberedOneFindsARewrite(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		cases := []struct {
			name   string
			tamper func(t *testing.T, d *DB)
			sees   string // "" when the whole check passes
		}{
			{"nothing changed", func(t *testing.T, d *DB) {}, ""},
			// An entry's time moved and the chain recomputed after it: no
			// row holds that time, so the whole chain alone verifies.
			{"an entry rewritten and the chain recomputed", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET at = at + 1000000000 WHERE seq = 10")
				rechain(t, d.Address())
			}, "the chain was rewritten since, from an entry after"},
			{"the first entry rewritten: another record, judged whole", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET at = at + 1000000000 WHERE seq = 1")
				rechain(t, d.Address())
			}, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				v := remembered(t, d)
				c.tamper(t, d)
				if res, err := d.Verify(ctx); err != nil || !res.Intact {
					t.Fatalf("the whole check on its own says %s, %v; the tamper was not careful enough", res, err)
				}
				d.HoldTo(v)
				res, err := d.Verify(ctx)
				switch {
				case err != nil:
					t.Fatal(err)
				case c.sees == "" && !res.Intact:
					t.Errorf("held: %s; want intact", res)
				case c.sees != "" && (res.Intact || !strings.Contains(res.Reason, c.sees) || !strings.Contains(res.Reason, "verify --forget")):
					t.Errorf("held: %s; want %q", res, c.sees)
				}
				_, cerr := d.Checkpoint(ctx)
				dst := openTest(t)
				_, copyErr := Copy(ctx, d, dst, nil)
				if c.sees == "" {
					if cerr != nil || copyErr != nil {
						t.Errorf("checkpoint: %v; copy: %v", cerr, copyErr)
					}
					return
				}
				wantError(t, cerr, model.ETAMPERED, "no checkpoint taken: "+"the record was changed outside signoff")
				wantError(t, copyErr, model.ETAMPERED, "was not copied: the record was changed outside signoff")
				if n, _, _ := dst.ChainHead(ctx); n != 0 {
					t.Errorf("the destination holds %d entries", n)
				}
			})
		}
	})
}

// An older copy of the record put in its place (a backup restored over a
// newer record) verifies whole; held to the newer one's remembered check,
// it is a record cut short.
func TestAnOlderCopyHeldToTheNewerRecordIsCutShort(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		older := openTest(t)
		if _, err := Copy(ctx, d, older, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
			t.Fatal(err)
		}
		older.HoldTo(remembered(t, d))
		res, err := older.Verify(ctx)
		if err != nil || res.Intact || !strings.Contains(res.Reason, "entries were cut off the end") {
			t.Errorf("the older copy, held: %s, %v; want it cut short", res, err)
		}
	})
}
