package db

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signoff/signoff/model"
)

// exportByLists writes the export of id the way export.go's lists do
// (exportChecked) alone, for comparison with Export.
func exportByLists(t *testing.T, d *DB, id string) ([]byte, error) {
	t.Helper()
	ctx := context.Background()
	tx, inc, err := d.readIncident(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, id)
	head, err := scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", inc))
	if err != nil {
		t.Fatal(err)
	}
	r.check(&head)
	var b bytes.Buffer
	err = d.exportChecked(ctx, tx, r, inc, id, head, &b)
	return b.Bytes(), err
}

// passReads counts the entries the pass beside an export by the lists
// reads, for the rest of the test: none when the export reads the chain
// in seq order.
func passReads(t *testing.T) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	besidePassRead = func(context.Context, int64) { n.Add(1) }
	t.Cleanup(func() { besidePassRead = nil })
	return &n
}

// sectionSpoolFiles makes the export spool every section after the first to a
// file (none kept in memory), in a folder of the test's own, and returns
// the folder.
func sectionSpoolFiles(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	defer func(n int) { t.Cleanup(func() { sectionSpoolMemory = n }) }(sectionSpoolMemory)
	sectionSpoolMemory = 0
	return dir
}

// interleavedINC9 records INC-9 whose records come in any order (a
// decision before its suggestion, the review before the evidence), then
// more of it later: a person, a status change, evidence and an event, so
// every section of its document is whole only near the chain's end.
func interleavedINC9(t *testing.T, d *DB) {
	t.Helper()
	incidentLine, _, _ := strings.Cut(feed, "\n")
	more := incidentLine + "\n" +
		`{"record": "person", "id": "zed", "name": "Zed <Late>", "authority": "low"}` + "\n" +
		`{"record": "status", "id": "SC1", "status": "contained", "by": "bob", "at": "2026-02-12T09:30:00Z", "rationale": "key off"}` + "\n" +
		`{"record": "evidence", "id": "EV-8", "kind": "log", "asset": "ci-key", "collected_at": "2026-02-12T09:40:00Z", "collected_by": "zed"}` + "\n" +
		`{"record": "event", "id": "N9", "at": "2026-02-12T10:00:00Z", "kind": "note", "actor": "zed", "summary": "later <note> & more"}` + "\n"
	for _, s := range []string{feed, more} {
		if _, err := importStream(t, d, "feed.ndjson", s); err != nil {
			t.Fatal(err)
		}
	}
}

// The export of an intact incident on SQLite reads its part of the chain
// once, in seq order, with no pass beside it, and writes byte for byte
// what the lists write: sections whose records the chain interleaves,
// spooled in memory or to files, which are gone once it ends.
func TestAnExportInSeqOrderWritesWhatTheListsWrite(t *testing.T) {
	incidents := []struct {
		name  string
		build func(t *testing.T, d *DB) string
	}{
		{"the sample", func(t *testing.T, d *DB) string { importDoc(t, d, sampleDoc()); return "INC-1" }},
		{"an incident recorded in any order and added to later", func(t *testing.T, d *DB) string { interleavedINC9(t, d); return "INC-9" }},
		{"a generated incident", func(t *testing.T, d *DB) string { return importGenerated(t, d, 1500, 7) }},
	}
	for _, inc := range incidents {
		for _, files := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, spooled to files: %v", inc.name, files), func(t *testing.T) {
				dir := t.TempDir()
				if files {
					dir = sectionSpoolFiles(t)
				}
				d := openTest(t)
				id := inc.build(t, d)
				want, err := exportByLists(t, d, id)
				if err != nil {
					t.Fatal(err)
				}
				reads := passReads(t)
				if got := exportOf(t, d, id); !bytes.Equal(got, want) {
					t.Errorf("the export differs from the lists':\n%s\n---\n%s", got, want)
				}
				if n := reads.Load(); n != 0 {
					t.Errorf("a pass beside the export read %d entries; want the chain read once, in order", n)
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("the export left %d files in %s", len(left), dir)
				}
			})
		}
	}
}

// Whatever is wrong with an incident's record, the export in seq order
// hands over to the lists' way on the same snapshot, and the two write
// the same bytes and stop with the same sentence: at a record in the
// section written straight out, at one in a spooled section, at a row
// moved from another incident, a row gone from the derived tables, an
// entry removed from the chain.
func TestAnExportInSeqOrderStopsWhereTheListsStop(t *testing.T) {
	damage := []struct {
		name, incident string
		apply          func(t *testing.T, d *DB)
	}{
		{"an edited evidence record", "INC-9", func(t *testing.T, d *DB) {
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, '\"log\"', '\"nothing\"') WHERE subject = 'EV-7'")
		}},
		{"an edited event, its hash recomputed", "INC-9", func(t *testing.T, d *DB) {
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'later', 'sooner') WHERE subject = 'N9'")
			rehash(t, d.Address(), seqOf(t, d, "N9"))
		}},
		{"an edited person, the last record written", "INC-9", func(t *testing.T, d *DB) {
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'Late', 'Early') WHERE subject = 'zed'")
		}},
		{"an edited status change", "INC-9", func(t *testing.T, d *DB) {
			tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'key off', 'key on') WHERE subject = 'SC1'")
		}},
		{"a row moved from another incident", "INC-9", func(t *testing.T, d *DB) {
			importDoc(t, d, sampleDoc())
			tamper(t, d.Address(), "UPDATE events SET inc = (SELECT seq FROM incidents WHERE id = 'INC-9') WHERE id IN ('S1', 'N1')")
		}},
		{"an entry removed from the chain", "INC-9", func(t *testing.T, d *DB) {
			tamper(t, d.Address(), "DELETE FROM events WHERE id = 'D7'", "DELETE FROM chain WHERE subject = 'D7'")
		}},
	}
	for _, dm := range damage {
		for _, files := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, spooled to files: %v", dm.name, files), func(t *testing.T) {
				dir := t.TempDir()
				if files {
					dir = sectionSpoolFiles(t)
				}
				d := openTest(t)
				interleavedINC9(t, d)
				dm.apply(t, d)
				want, wantErr := exportByLists(t, d, dm.incident)
				var got bytes.Buffer
				err := d.Export(context.Background(), dm.incident, &got)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) {
					t.Errorf("the export returned %v; the lists' way %v", err, wantErr)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("the export wrote\n%s\n---\nthe lists' way\n%s", got.Bytes(), want)
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("the export left %d files in %s", len(left), dir)
				}
			})
		}
	}
}

// A row gone from the derived tables: the lists' way would leave its
// record out, so it holds what it wrote to the pass's count of the chain
// and stops at the end (export_gone_test.go); the export in seq order
// stops at the checked entry the derived tables do not list, saying why,
// with what it wrote not a whole document:
// whether the row's section was being written out or waited in a spool,
// whether the entry came before the section's last row or after it.
func TestAnExportInSeqOrderStopsAtARowGoneFromTheDerivedTables(t *testing.T) {
	gone := []struct {
		name  string
		build func(t *testing.T, d *DB) string
		sql   string
	}{
		{"the first event of a generated incident (written out)", func(t *testing.T, d *DB) string { return importGenerated(t, d, 4000, 7) },
			"DELETE FROM events WHERE seq = (SELECT min(seq) FROM events WHERE kind <> 'evidence')"},
		{"the last review of a generated incident (spooled)", func(t *testing.T, d *DB) string { return importGenerated(t, d, 4000, 7) },
			"DELETE FROM reviews WHERE seq = (SELECT max(seq) FROM reviews)"},
		{"an event of an incident recorded in any order", func(t *testing.T, d *DB) string { interleavedINC9(t, d); return "INC-9" },
			"DELETE FROM events WHERE id = 'S7'"},
		// An incident recorded last is read to the chain's end, whatever
		// its counts say (they choose only the way); the derived tables
		// alone end the read at the last row they name.
		{"the incident's very last record", func(t *testing.T, d *DB) string { return importGenerated(t, d, 4000, 7) },
			lastRowGone},
		{"the incident's very last record, the counts cut by an insider", func(t *testing.T, d *DB) string { return importGenerated(t, d, 4000, 7) },
			lastRowGone + "; UPDATE incident_counts SET events = events - 500"},
		{"the incident's very last record, the counts gone", func(t *testing.T, d *DB) string { return importGenerated(t, d, 4000, 7) },
			lastRowGone + "; DELETE FROM incident_counts"},
		// An incident recorded before another is read to its last entry
		// in the chain (chain_incident): the derived tables alone ended
		// the read before it, and the export wrote a whole document.
		{"the very last record of an incident recorded before another", func(t *testing.T, d *DB) string {
			id := importGenerated(t, d, 4000, 7)
			importGenerated(t, d, 1000, 8)
			return id
		}, firstIncidentsLastRowGone},
	}
	for _, g := range gone {
		for _, files := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, spooled to files: %v", g.name, files), func(t *testing.T) {
				dir := t.TempDir()
				if files {
					dir = sectionSpoolFiles(t)
				}
				d := openTest(t)
				id := g.build(t, d)
				tamper(t, d.Address(), g.sql)
				if _, err := exportByLists(t, d, id); model.ErrorCode(err) != model.ETAMPERED {
					t.Fatalf("the lists' way returned %v", err)
				}
				var got bytes.Buffer
				err := d.Export(context.Background(), id, &got)
				if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(err.Error(), "its rows in the derived tables do not match its entries in the audit chain") {
					t.Errorf("the export returned %v", err)
				}
				if strings.HasSuffix(got.String(), "}\n") {
					t.Error("the export wrote a whole document")
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("the export left %d files in %s", len(left), dir)
				}
			})
		}
	}
}

// lastRowGone deletes the row of the chain's last entry, an event's,
// evidence's or verdict's.
const lastRowGone = "DELETE FROM events WHERE seq = (SELECT max(seq) FROM chain); DELETE FROM reviews WHERE seq = (SELECT max(seq) FROM chain)"

// firstIncidentsLastRowGone deletes the row of the last entry of the
// incident recorded first (whose entry is the chain's first).
const firstIncidentsLastRowGone = "DELETE FROM events WHERE seq = (SELECT max(seq) FROM chain WHERE incident = (SELECT incident FROM chain WHERE seq = 1)); " +
	"DELETE FROM reviews WHERE seq = (SELECT max(seq) FROM chain WHERE incident = (SELECT incident FROM chain WHERE seq = 1))"

// A schema the events' tally cannot be read on (its index dropped outside
// signoff) stops the export before anything is written, though the tally
// is read beside the chain.
func TestAnExportWhoseEventsTallyCannotBeReadWritesNothing(t *testing.T) {
	d := openTest(t)
	id := importGenerated(t, d, 1500, 7)
	tamper(t, d.Address(), "DROP INDEX events_time")
	var got bytes.Buffer
	if err := d.Export(context.Background(), id, &got); err == nil || got.Len() != 0 {
		t.Errorf("the export returned %v, having written %d bytes", err, got.Len())
	}
}

// A writer that fails stops the read in seq order, which leaves no spool
// behind.
func TestAnExportInSeqOrderWhoseWriterFailsLeavesNoSpool(t *testing.T) {
	dir := sectionSpoolFiles(t)
	d := openTest(t)
	gen := importGenerated(t, d, 4000, 7)
	through := watchPass(t)
	last, _, err := d.ChainHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, after := range []int{0, 100, 70_000} {
		through.Store(0)
		err := d.Export(context.Background(), gen, &failAfter{n: after})
		if !errors.Is(err, errDiskFull) {
			t.Errorf("writing failed after %d bytes: the export returned %v", after, err)
		}
		// The reading runs at most a few batches ahead of the writing,
		// which fails where the people end, or 64 KiB later.
		if after < 70_000 && through.Load() >= last {
			t.Errorf("writing failed after %d bytes: the export read on to entry %d, the last", after, through.Load())
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("writing failed after %d bytes: the export left %d files", after, len(left))
		}
	}
}

// A spool that cannot have its temporary file (no such folder, no room
// left) is the machine's fault, not the record's: the export goes the
// lists' way, which needs none, and writes the same bytes.
func TestAnExportWhoseSpoolHasNoFolderGoesTheListsWay(t *testing.T) {
	sectionSpoolFiles(t)
	d := openTest(t)
	id := importGenerated(t, d, 1500, 7)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "gone"))
	want, err := exportByLists(t, d, id)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := d.Export(context.Background(), id, &got); err != nil {
		t.Fatalf("the export failed for want of a spool: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Error("the export differs from the lists'")
	}
}
