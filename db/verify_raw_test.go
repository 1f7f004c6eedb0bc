package db

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// verifyWith is Verify with the chain and the rows read on raw
// connections or on the transactions, how many raw connections began, and
// how many times the raw read stopped and verify read again.
func verifyWith(t *testing.T, d *DB, raw bool) (string, int, int) {
	t.Helper()
	defer func(was bool, opened func(), stopped func(error)) {
		verifyRaw, verifyRawOpened, verifyRawStopped = was, opened, stopped
	}(verifyRaw, verifyRawOpened, verifyRawStopped)
	opened, stopped := 0, 0
	verifyRaw, verifyRawOpened, verifyRawStopped = raw, func() { opened++ }, func(error) { stopped++ }
	res, err := d.Verify(context.Background())
	return fmt.Sprintf("%+v, %v", res, err), opened, stopped
}

// sqliteOnly opens a test store on a SQLite file, where verify reads raw.
func sqliteOnly(t *testing.T) *DB {
	t.Helper()
	d := openTest(t)
	if _, ok := d.eng.(*sqliteFile); !ok {
		t.Skip("verify reads on raw connections only from a SQLite file")
	}
	return d
}

// Read on connections of its own, the record gives verify the verdict it
// gives read on verify's transactions, fault for fault: intact records,
// each kind of change, and values database/sql would not scan as the raw
// reader reads them, which send verify back to its transactions.
func TestVerifyReadOnRawConnectionsSaysWhatItsTransactionsSay(t *testing.T) {
	cases := []struct {
		name  string
		build func(t *testing.T, d *DB)
		stops bool // the raw read stops and verify reads again
	}{
		{"the sample", func(t *testing.T, d *DB) { importDoc(t, d, sampleDoc()) }, false},
		{"a generated incident", func(t *testing.T, d *DB) { importGenerated(t, d, 1500, 7) }, false},
		{"an edited row", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE events SET actor = 'mallory' WHERE id = 'D1'")
		}, false},
		{"an edited payload and a deleted row", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"owner\":\"alice\"', '\"owner\":\"mara\"') WHERE subject = 'D1'",
				"DELETE FROM events WHERE id = 'X1'")
		}, false},
		{"an edited verdict, a removed entry, a forged row", func(t *testing.T, d *DB) {
			importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "UPDATE reviews SET verdict = 'followed' WHERE seq = (SELECT min(seq) FROM reviews)",
				"DELETE FROM chain WHERE seq = 40",
				"INSERT INTO people (seq, inc, id) SELECT 100000, inc, 'mallory' FROM people LIMIT 1")
		}, false},
		{"the derived tables altered", func(t *testing.T, d *DB) {
			importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "DELETE FROM pending_items WHERE seq = (SELECT min(seq) FROM pending_items)",
				"UPDATE incident_counts SET events = events + 1")
		}, false},
		{"the metrics' tables altered", func(t *testing.T, d *DB) {
			importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "UPDATE suggestion_facts SET state = 'decided', confidence = NULL WHERE seq = (SELECT max(seq) FROM suggestion_facts)",
				"UPDATE suggestion_cells SET confidence_sum = confidence_sum + 1 WHERE month = (SELECT min(month) FROM suggestion_cells)")
		}, false},
		{"text in a metrics sum", func(t *testing.T, d *DB) {
			importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "UPDATE suggestion_cells SET confidence_sum = 'lots'")
		}, true},
		{"a chain recomputed after an edit", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'succeeded', 'failed') WHERE subject = 'X1'",
				"UPDATE events SET summary = 'carried out D1: failed' WHERE id = 'X1'")
			rechain(t, d.Address())
		}, false},
		{"text in an entry's time", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE chain SET at = 'soon' WHERE subject = 'D1'")
		}, true},
		{"a fraction in a row's time", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE events SET at = 1.5 WHERE id = 'X1'")
		}, true},
		{"a subject marker neither 0 nor 1", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE events SET starts = 2 WHERE id = 'D1'")
		}, true},
		{"text in the incident of a second row no entry accounts for", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "INSERT INTO people (seq, inc, id) SELECT 100000, inc, 'mallory' FROM people LIMIT 1",
				"INSERT INTO people (seq, inc, id) VALUES (100001, 'x', 'eve')")
		}, true},
		{"text in the incident of a row no entry accounts for", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "INSERT INTO people (seq, inc, id) VALUES (100000, 'x', 'mallory')")
		}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := sqliteOnly(t)
			c.build(t, d)
			want, _, _ := verifyWith(t, d, false)
			got, opened, stopped := verifyWith(t, d, true)
			if opened != 2 {
				t.Errorf("%d raw connections began; want the chain and the rows read on one each", opened)
			}
			if (stopped == 1) != c.stops || stopped > 1 {
				t.Errorf("the raw read stopped %d times; want it to stop: %v", stopped, c.stops)
			}
			if got != want {
				t.Errorf("read on raw connections, verify says\n%s\nread on its transactions\n%s", got, want)
			}
		})
	}
}

// A write that lands between verify's transactions and a raw connection's
// read beginning leaves that connection unused: it would not read the
// transactions' record, and neither is one begun after it. Verify then
// reports on the transactions' record.
func TestAWriteBeforeVerifysRawReadBeginsLeavesItUnused(t *testing.T) {
	defer func(opened func()) { verifyRawOpened = opened }(verifyRawOpened)
	d := sqliteOnly(t)
	importDoc(t, d, sampleDoc())
	w := openAt(t, d.Address())
	write := func(t *testing.T) {
		if _, err := w.RecordReview(context.Background(), "INC-1", model.Review{Subject: "S2", Reviewer: "mara",
			Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
			t.Error(err)
		}
	}
	for _, first := range []bool{false, true} {
		t.Run(fmt.Sprintf("written before the first: %v", first), func(t *testing.T) {
			n := 0
			verifyRawOpened = func() {
				if n++; (n == 1) == first {
					write(t)
				}
			}
			ctx := context.Background()
			chainTx, _, last, end, err := d.verifyTxs(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer end()
			r := d.openVerifyReads(ctx, chainTx)
			defer r.close()
			switch {
			case first && r != nil:
				t.Errorf("raw connections used: %+v; want none, both begun after the write", r)
			case !first && (r == nil || r.chain == nil || r.rows != nil):
				t.Errorf("raw connections used: %+v; want the chain's, begun before the write, alone", r)
			}
			end()
			verifyRawOpened = func() { write(t) }
			res, err := d.Verify(ctx)
			if err != nil || !res.Intact || res.Entries != last+1 {
				t.Errorf("verify with a write before each raw read began: %+v, %v; want the %d entries it began with", res, err, last+1)
			}
		})
	}
}

// A file moved over the store's path is not read raw: the raw connections
// open the path, and the file there is not the store's.
func TestVerifyReadsNoFileMovedOverTheStoresRaw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	d := openAt(t, path)
	if _, ok := d.eng.(*sqliteFile); !ok {
		t.Skip("verify reads on raw connections only from a SQLite file")
	}
	importDoc(t, d, sampleDoc())
	if _, opened, _ := verifyWith(t, d, true); opened != 2 {
		t.Fatalf("%d raw connections began before the move; want 2", opened)
	}
	copy := filepath.Join(t.TempDir(), "restored.db")
	c := openAt(t, copy)
	importDoc(t, c, sampleDoc())
	c.Close()
	if err := os.Rename(copy, path); err != nil {
		t.Fatal(err)
	}
	// What verify then says depends on which file the pooled connection
	// it gets holds, the store's or the one at the path: not compared here.
	if _, opened, _ := verifyWith(t, d, true); opened != 0 {
		t.Errorf("%d raw connections began on the file moved over the store's", opened)
	}
}

// A row no entry accounts for that cannot be read stops verify with the
// error, as one met among the entries' rows does: it is not left out of
// the rows reported as inserted outside signoff.
func TestVerifyStopsAtAnUnreadableRowAfterTheLastEntry(t *testing.T) {
	for _, raw := range []bool{false, true} {
		t.Run(fmt.Sprintf("raw: %v", raw), func(t *testing.T) {
			d := sqliteOnly(t)
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "INSERT INTO people (seq, inc, id) SELECT 100000, inc, 'mallory' FROM people LIMIT 1",
				"INSERT INTO people (seq, inc, id) VALUES (100001, 'x', 'eve')")
			got, _, _ := verifyWith(t, d, raw)
			if !strings.Contains(got, `converting driver.Value type string ("x") to a int64`) {
				t.Errorf("verify says %s; want the error reading the row", got)
			}
		})
	}
}
