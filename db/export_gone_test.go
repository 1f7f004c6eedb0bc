package db

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// inTurnsINC9 records INC-9, then INC-1, then more of INC-9 (a status
// change and two notes): INC-9's entries fill less than half of their
// span of the chain, so its export reads it by the lists of its seqs.
func inTurnsINC9(t *testing.T, d *DB) {
	t.Helper()
	if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	incidentLine, _, _ := strings.Cut(feed, "\n")
	more := incidentLine + "\n" +
		`{"record": "status", "id": "SC1", "status": "contained", "by": "bob", "at": "2026-02-12T09:30:00Z", "rationale": "key off"}` + "\n" +
		`{"record": "event", "id": "N9", "at": "2026-02-12T10:00:00Z", "kind": "note", "actor": "bob", "summary": "later"}` + "\n" +
		`{"record": "event", "id": "N10", "at": "2026-02-12T10:05:00Z", "kind": "note", "actor": "bob", "summary": "last"}` + "\n"
	if _, err := importStream(t, d, "more.ndjson", more); err != nil {
		t.Fatal(err)
	}
}

// A row of an incident recorded in turns with another, gone from the
// derived tables: the export by the lists (every export on PostgreSQL,
// and on SQLite one of an incident whose entries fill less than half of
// their span) would leave its record out and write a document that looks
// whole. It stops instead, saying the derived tables do not match the
// chain, as the export in seq order does; whatever the row's section.
func TestAnExportByTheListsStopsAtARowGoneFromTheDerivedTables(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		const inc9 = "(SELECT seq FROM incidents WHERE id = 'INC-9')"
		gone := []struct{ section, sql string }{
			{"people", "DELETE FROM people WHERE id = 'bob' AND inc = " + inc9},
			{"agents", "DELETE FROM agents WHERE id = 'triage' AND inc = " + inc9},
			{"assets", "DELETE FROM assets WHERE id = 'ci-key' AND inc = " + inc9},
			{"evidence", "DELETE FROM events WHERE id = 'EV-7' AND inc = " + inc9},
			{"events", "DELETE FROM events WHERE id = 'D7' AND inc = " + inc9},
			{"reviews", "DELETE FROM reviews WHERE subject = 'S7' AND inc = " + inc9},
			{"status_changes", "DELETE FROM status_changes WHERE inc = " + inc9},
		}
		for _, g := range gone {
			t.Run(fmt.Sprintf("a row of its %s", g.section), func(t *testing.T) {
				d := openTest(t)
				inTurnsINC9(t, d)
				if !postgresTest(t) {
					reads := passReads(t)
					exportOf(t, d, "INC-9")
					if reads.Load() == 0 {
						t.Fatal("the intact export read no pass beside it: it did not go by the lists")
					}
				}
				tamper(t, d.Address(), g.sql)
				var got bytes.Buffer
				err := d.Export(context.Background(), "INC-9", &got)
				if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(err.Error(), "its rows in the derived tables do not match its entries in the audit chain") ||
					!strings.Contains(err.Error(), "its "+g.section+" there") {
					t.Errorf("the export returned %v", err)
				}
				if strings.HasSuffix(got.String(), "}\n") {
					t.Error("the export wrote a whole document")
				}
			})
		}
	})
}
