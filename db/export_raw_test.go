package db

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// exportWith is Export with the chain read on the raw connection or
// through the export's transaction, and how many raw connections began.
func exportWith(t *testing.T, d *DB, id string, raw bool) ([]byte, error, int) {
	t.Helper()
	defer func(was bool, opened func()) { readRaw, rawOpened = was, opened }(readRaw, rawOpened)
	n := 0
	readRaw, rawOpened = raw, func() { n++ }
	var b bytes.Buffer
	err := d.Export(context.Background(), id, &b)
	return b.Bytes(), err, n
}

// Read on a connection of its own beside the transaction, the chain gives
// the export byte for byte what it gives read through the transaction,
// and the same error: intact incidents, and each kind of damage.
func TestAnExportReadBesideItsTransactionWritesWhatItWritesThroughIt(t *testing.T) {
	cases := []struct {
		name  string
		build func(t *testing.T, d *DB) string
	}{
		{"the sample", func(t *testing.T, d *DB) string { importDoc(t, d, sampleDoc()); return "INC-1" }},
		{"an incident recorded in any order and added to later", func(t *testing.T, d *DB) string { interleavedINC9(t, d); return "INC-9" }},
		{"a generated incident", func(t *testing.T, d *DB) string { return importGenerated(t, d, 1500, 7) }},
		{"an edited event", func(t *testing.T, d *DB) string {
			interleavedINC9(t, d)
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'later', 'sooner') WHERE subject = 'N9'")
			return "INC-9"
		}},
		{"an edited event, its hash recomputed", func(t *testing.T, d *DB) string {
			interleavedINC9(t, d)
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'later', 'sooner') WHERE subject = 'N9'")
			rehash(t, d.Address(), seqOf(t, d, "N9"))
			return "INC-9"
		}},
		{"an entry removed from the chain", func(t *testing.T, d *DB) string {
			interleavedINC9(t, d)
			tamper(t, d.Address(), "DELETE FROM events WHERE id = 'D7'", "DELETE FROM chain WHERE subject = 'D7'")
			return "INC-9"
		}},
		{"an entry's time stored as text", func(t *testing.T, d *DB) string {
			id := importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "UPDATE chain SET at = 'abc' WHERE seq = 400")
			return id
		}},
		{"an entry's time stored as a real number", func(t *testing.T, d *DB) string {
			id := importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "UPDATE chain SET at = at + 0.5 WHERE seq = 400")
			return id
		}},
		{"a row gone from the derived tables", func(t *testing.T, d *DB) string {
			id := importGenerated(t, d, 1500, 7)
			tamper(t, d.Address(), "DELETE FROM reviews WHERE seq = (SELECT max(seq) FROM reviews)")
			return id
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := openTest(t)
			id := c.build(t, d)
			want, wantErr, _ := exportWith(t, d, id, false)
			got, err, opened := exportWith(t, d, id, true)
			if opened != 1 {
				t.Errorf("%d raw connections began; want the chain read on one", opened)
			}
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("read beside, the export returned %v; read through its transaction, %v", err, wantErr)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("read beside, the export wrote\n%s\n---\nread through its transaction\n%s", got, want)
			}
		})
	}
}

// A write that lands between the export's transaction and the raw
// connection's read beginning leaves the raw connection unused: it would
// not read the transaction's record.
func TestAWriteBetweenTheTwoBeginningsLeavesTheRawConnectionUnused(t *testing.T) {
	defer func(opened func()) { rawOpened = opened }(rawOpened)
	for _, write := range []bool{false, true} {
		t.Run(fmt.Sprintf("a write between: %v", write), func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			rawOpened = func() {
				if write {
					if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
						t.Error(err)
					}
				}
			}
			ctx := context.Background()
			tx, _, err := d.readIncident(ctx, "INC-1")
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			c := d.openChainRead(ctx, tx)
			if c != nil {
				defer c.Close()
			}
			if (c == nil) != write {
				t.Errorf("a raw connection was opened: %v", c != nil)
			}
		})
	}
}

// An entry of the incident changed behind signoff's back, its hash
// recomputed and the next entry (another incident's) linked to it, in the
// moment between the transaction and the raw connection beginning: the
// raw read checks the other incident's entry too, finds it does not
// match its hash, and the export writes the transaction's record, or,
// when the pass over the incident read after the change (it checks the
// other incidents' entries in its span too), stops naming that entry. It
// never writes the changed record.
func TestAnEntryChangedBetweenTheTwoBeginningsIsNotExported(t *testing.T) {
	defer func(opened func()) { rawOpened = opened }(rawOpened)
	d := openTest(t)
	incidentLine, _, _ := strings.Cut(feed, "\n")
	if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(incidentLine, `"INC-9"`, `"INC-7"`, 1) + "\n" + `{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}` + "\n"
	if _, err := importStream(t, d, "other.ndjson", other); err != nil {
		t.Fatal(err)
	}
	more := incidentLine + "\n" + `{"record": "event", "id": "N9", "at": "2026-02-12T10:00:00Z", "kind": "note", "actor": "bob", "summary": "later"}` + "\n"
	if _, err := importStream(t, d, "more.ndjson", more); err != nil {
		t.Fatal(err)
	}
	want := exportOf(t, d, "INC-9")
	b := seqOf(t, d, "INC-7")
	rawOpened = func() {
		tamper(t, d.Address(), fmt.Sprintf("UPDATE chain SET payload = replace(payload, '\"log\"', '\"lag\"') WHERE seq = %d", b-1))
		rehash(t, d.Address(), b-1)
		tamper(t, d.Address(), fmt.Sprintf("UPDATE chain SET prev = (SELECT hash FROM chain WHERE seq = %d) WHERE seq = %d", b-1, b))
	}
	var got bytes.Buffer
	err := d.Export(context.Background(), "INC-9", &got)
	switch {
	case err != nil && (model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(err.Error(), fmt.Sprintf("entry %d (incidents INC-7)", b))):
		t.Fatalf("the export stopped with %v", err)
	case err != nil:
		if bytes.Contains(got.Bytes(), []byte(`"lag"`)) {
			t.Errorf("the export wrote the changed record before it stopped")
		}
	case !bytes.Equal(got.Bytes(), want):
		t.Errorf("the export wrote\n%s\n---\nbefore the change\n%s", got.Bytes(), want)
	}
}

// Once the store's path names another file (a copy moved over it), the
// raw connection is not opened on it: the transaction reads the file the
// store opened.
func TestTheRawConnectionIsNotOpenedOnAFileMovedOverTheStores(t *testing.T) {
	for _, moved := range []bool{false, true} {
		t.Run(fmt.Sprintf("moved: %v", moved), func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			if moved {
				if err := os.Rename(migratedFile(t), d.Address()); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			tx, _, err := d.readIncident(ctx, "INC-1")
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			c := d.openChainRead(ctx, tx)
			if c != nil {
				c.Close()
			}
			if (c == nil) != moved {
				t.Errorf("a raw connection was opened: %v", c != nil)
			}
		})
	}
}
