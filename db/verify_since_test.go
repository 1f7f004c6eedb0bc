package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// remembered is what a machine keeps after a whole check of d.
func remembered(t *testing.T, d *DB) chain.Verified {
	t.Helper()
	res, err := d.Verify(context.Background())
	if err != nil || !res.Intact {
		t.Fatalf("verify: %s, %v", res, err)
	}
	return chain.Verified{Address: d.Address(), First: res.First, Entries: res.Entries, Head: res.Head,
		Checked: clock, Whole: clock, Marks: res.Marks}
}

func TestACheckSinceTheLastGoesThroughWhatWasAppended(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		review := func(t *testing.T, d *DB) {
			if _, err := d.RecordReview(ctx, "INC-1", model.Review{Subject: "S2", Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name   string
			tamper func(t *testing.T, d *DB)
			// sinceSees is what the check since the last finds, "" for
			// nothing; wholeSees says the whole check finds something.
			sinceSees string
			seq       int64
			wholeSees bool
		}{
			{"nothing changed", func(t *testing.T, d *DB) {}, "", 0, false},
			{"a later legitimate write", review, "", 0, false},
			{"an entry appended since, then edited", func(t *testing.T, d *DB) {
				review(t, d)
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'ignored', 'followed') WHERE kind = 'review' AND subject = 'S2'")
			}, "its contents do not match its hash", 15, true},
			{"a row appended since, then edited", func(t *testing.T, d *DB) {
				review(t, d)
				tamper(t, d.Address(), "UPDATE reviews SET verdict = 'followed' WHERE subject = 'S2'")
			}, "the row's verdict differs", 15, true},
			// A chain recomputed after an edit verifies whole: the hashes
			// remembered are what show it.
			{"an old entry edited and the chain recomputed after it", func(t *testing.T, d *DB) {
				review(t, d)
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"owner\":\"alice\"', '\"owner\":\"mara\"') WHERE subject = 'D1'",
					"UPDATE events SET actor = 'mara' WHERE id = 'D1'")
				rechain(t, d.Address())
			}, "the chain was rewritten since, from an entry after 8", 9, false},
			{"the newest entries cut off", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM reviews", "DELETE FROM chain WHERE kind = 'review'")
			}, "entries were cut off the end", 14, true},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				v := remembered(t, d)
				c.tamper(t, d)
				res, same, err := d.VerifySince(ctx, v)
				if err != nil || !same {
					t.Fatalf("same %v, %v", same, err)
				}
				switch {
				case c.sinceSees == "" && !res.Intact:
					t.Errorf("got %s; want intact", res)
				case c.sinceSees != "" && (res.Intact || !strings.Contains(res.Reason, c.sinceSees) || res.Seq != c.seq):
					t.Errorf("got %s (entry %d); want entry %d: %q", res, res.Seq, c.seq, c.sinceSees)
				}
				if c.sinceSees == "" && res.Entries <= v.Entries && c.name != "nothing changed" {
					t.Errorf("the check reached entry %d; want past %d", res.Entries, v.Entries)
				}
				if whole, err := d.Verify(ctx); err != nil || whole.Intact == c.wholeSees {
					t.Errorf("the whole check says %s, %v", whole, err)
				}
			})
		}
	})
}

// What the check since the last does not promise: an old entry edited
// without recomputing the chain after it, or a derived table edited, is
// the whole check's to find, and it does.
func TestOnlyTheWholeCheckFindsAnOldEntryEditedInPlace(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		for name, stmt := range map[string]string{
			"an old entry":  "UPDATE chain SET payload = replace(payload, 'gist removed', 'nothing happened') WHERE subject = 'N1'",
			"a derived row": "UPDATE incident_counts SET events = events + 1",
		} {
			t.Run(name, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				v := remembered(t, d)
				tamper(t, d.Address(), stmt)
				if res, same, err := d.VerifySince(ctx, v); err != nil || !same || !res.Intact {
					t.Fatalf("the check since the last says %s, %v, %v; it was not meant to look there", res, same, err)
				}
				if whole, err := d.Verify(ctx); err != nil || whole.Intact {
					t.Errorf("the whole check says %s, %v; want the edit found", whole, err)
				}
			})
		}
	})
}

// A remembered check of another record (a database made again at the same
// path) is not used: the caller checks the whole record.
func TestAnotherRecordAtARememberedAddressIsAFault(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		v := remembered(t, d)
		v.First = strings.Repeat("0", 64)
		res, same, err := d.VerifySince(context.Background(), v)
		if err != nil || !same || res.Intact || res.Fault.Seq != 1 || !strings.Contains(res.Fault.Reason, "first entry") {
			t.Errorf("same %v, %v, %s; want a fault at entry 1: whole, a chain recomputed from its first entry passes", same, err, res)
		}
	})
}
