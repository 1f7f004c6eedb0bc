package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/fixtures"
)

// Verify checks entries and rows on two goroutines, runs of entries apart;
// whichever finds its fault first, the one reported is the first in seq
// order.
func TestVerifyNamesTheFirstFaultWhenEntriesAndRowsAreCheckedApart(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		var buf bytes.Buffer
		if err := fixtures.Generate(&buf, fixtures.GenOptions{Incidents: 1, Events: 6000, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		entryAt := func(seq int64) string {
			return "UPDATE chain SET payload = payload || ' ' WHERE seq = " + itoa(seq)
		}
		rowAt := func(seq int64) string {
			return "UPDATE events SET summary = summary || '!' WHERE seq = " + itoa(seq)
		}
		cases := []struct {
			name   string
			early  int64 // the fault that must be named is at the entry nearest this seq
			stmts  func(row, entry int64) []string
			reason string
		}{
			{"an edited row many runs before an edited entry", 300, func(row, entry int64) []string {
				return []string{rowAt(row), entryAt(entry + verifyRun*(verifyRuns+2))}
			}, "the row's summary differs"},
			{"an edited entry many runs before an edited row", 300, func(row, entry int64) []string {
				return []string{entryAt(entry), rowAt(row + verifyRun*(verifyRuns+2))}
			}, "its contents do not match its hash"},
			{"an edited row just before an edited entry", 2*verifyRun + 10, func(row, entry int64) []string {
				return []string{rowAt(row), entryAt(row + 1)}
			}, "the row's summary differs"},
			{"an edited entry just before an edited row", 2*verifyRun + 10, func(row, entry int64) []string {
				return []string{entryAt(row), rowAt(row + 1)}
			}, "its contents do not match its hash"},
		}
		for _, c := range cases {
			t.Run(c.name+" names the earlier one", func(t *testing.T) {
				d := openTest(t)
				if _, err := importStream(t, d, "gen.ndjson", buf.String()); err != nil {
					t.Fatal(err)
				}
				// The first timeline row at or after c.early, and its entry.
				var seq int64
				var id string
				if err := d.sql.QueryRow("SELECT seq, id FROM events WHERE seq >= ? ORDER BY seq LIMIT 1", c.early).Scan(&seq, &id); err != nil {
					t.Fatal(err)
				}
				tamper(t, d.Address(), c.stmts(seq, seq)...)
				res, err := d.Verify(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if res.Intact || res.Seq != seq || res.Subject != id || !strings.Contains(res.Reason, c.reason) {
					t.Errorf("got %q; want entry %d (%s): %s", res, seq, id, c.reason)
				}
			})
		}
	})
}
