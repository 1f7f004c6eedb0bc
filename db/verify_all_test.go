package db

import (
	"context"
	"strings"
	"testing"
)

// A broken chain cannot be repaired, so verify reports every fault it
// finds, first one first: later tampering must not hide behind an old
// fault.
func TestVerifyReportsEveryFaultFirstOneFirst(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(),
			"UPDATE events SET actor = 'mallory' WHERE id = 'N1'",                                     // a row
			"UPDATE chain SET payload = replace(payload, 'succeeded', 'failed') WHERE subject = 'X1'", // an entry, before it
			"UPDATE reviews SET verdict = 'followed'",                                                 // a verdict, after both
		)
		res, err := d.Verify(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res.Intact || res.Count != 3 || len(res.Faults) != 3 {
			t.Fatalf("got %d faults (%+v); want the three tampered records", res.Count, res.Faults)
		}
		for i, want := range []string{"X1", "N1", "S1"} {
			if res.Faults[i].Subject != want {
				t.Errorf("fault %d is about %s; want %s, in seq order", i+1, res.Faults[i].Subject, want)
			}
		}
		if s := res.String(); !strings.Contains(s, "entry 10 (events X1)") || !strings.Contains(s, "2 more faults found after it") {
			t.Errorf("the sentence is %q; want the first named and the rest counted", s)
		}
	})
}

// An entry deleted from the middle of the chain is one fault, and the
// entries after it are still checked.
func TestVerifyGoesOnPastARemovedEntry(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(), "DELETE FROM events WHERE id = 'X1'", "DELETE FROM chain WHERE subject = 'X1'",
			"UPDATE events SET summary = 'forged' WHERE id = 'D2'")
		res, err := d.Verify(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var reasons []string
		for _, f := range res.Faults {
			reasons = append(reasons, f.Table+" "+f.Subject+": "+f.Reason)
		}
		joined := strings.Join(reasons, "\n")
		if !strings.Contains(joined, "the chain jumps from entry 9 to entry 11") || !strings.Contains(joined, "events D2: the row's summary differs") {
			t.Errorf("got\n%s\nwant the removal and the later edit", joined)
		}
	})
}
