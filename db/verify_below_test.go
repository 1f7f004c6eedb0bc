package db

import (
	"context"
	"strings"
	"testing"
)

// The chain begins at entry 1, and the walk reads from there on: an entry
// and a row put in at a number of 0 or below were never seen by verify,
// though a reader of the table meets the forged decision.
func TestVerifyFindsEntriesAndRowsNumberedBelowOne(t *testing.T) {
	d := openTest(t)
	importDoc(t, d, sampleDoc())
	tamper(t, d.Address(),
		`INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash)
		 SELECT -5, at, 'mallory', kind, incident, 'D9', payload, prev, hash FROM chain WHERE subject = 'D1'`,
		`INSERT INTO events (seq, inc, id, at, kind, actor, summary, suggestion, starts)
		 SELECT -5, inc, 'D9', at, 'decision', 'mallory', 'approved', 'S2', 0 FROM events WHERE id = 'S2'`)
	res, err := d.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Intact {
		t.Fatalf("verify found the record intact: %+v", res)
	}
	found := map[string]bool{}
	for _, f := range res.Faults {
		if f.Seq == -5 && strings.Contains(f.Reason, "numbered -5, but the chain begins at entry 1") {
			found[f.Table] = true
		}
	}
	if !found["chain"] || !found["events"] {
		t.Errorf("faults %+v; want the chain entry and the events row numbered -5 named", res.Faults)
	}
}
