package db

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// gappedIncidents records INC-9, a note of it (N9), INC-1, and another
// note of INC-9 (N10), so N9 lies between INC-9's entries and INC-1's;
// then N9 is removed from the chain and the timeline, as someone hiding
// it would. It returns N9's seq.
func gappedIncidents(t *testing.T, d *DB) int64 {
	t.Helper()
	incidentLine, _, _ := strings.Cut(feed, "\n")
	note := func(id, at string) string {
		return incidentLine + "\n" + `{"record": "event", "id": "` + id + `", "at": "` + at + `", "kind": "note", "actor": "bob", "summary": "a note"}` + "\n"
	}
	if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
		t.Fatal(err)
	}
	if _, err := importStream(t, d, "n9.ndjson", note("N9", "2026-02-12T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	if _, err := importStream(t, d, "n10.ndjson", note("N10", "2026-02-12T10:00:00Z")); err != nil {
		t.Fatal(err)
	}
	n9 := seqOf(t, d, "N9")
	var next string
	if err := d.sql.QueryRow("SELECT incident FROM chain WHERE seq = ?", n9+1).Scan(&next); err != nil || next != "INC-1" {
		t.Fatalf("the entry after N9 is %q's (%v); want INC-1's", next, err)
	}
	at := strconv.FormatInt(n9, 10)
	tamper(t, d.Address(), "DELETE FROM events WHERE seq = "+at, "DELETE FROM chain WHERE seq = "+at)
	return n9
}

// wholeIncidentRead is one of the walks that go through a whole incident.
type wholeIncidentRead struct {
	name string
	read func(d *DB) error
}

// wholeIncidentWalks are the steps (findings, report) and the records in
// time order (exports) of an incident, each walked to its end.
func wholeIncidentWalks(ctx context.Context, incident string) []wholeIncidentRead {
	return []wholeIncidentRead{
		{"the steps (findings, report)", func(d *DB) error {
			return d.EachStep(ctx, incident, func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
		}},
		{"the records in time order (exports)", func(d *DB) error {
			return d.EachRecord(ctx, incident, func(model.TimelineRecord) error { return nil })
		}},
	}
}

// An entry removed from the middle of an incident's part of the chain is
// named by the readers that check that part whole, whoever the entries
// either side of the gap belong to: findings and report (the step walk),
// the record walk of the exports, and the native export, which stops
// rather than write a document that would import as a whole record.
func TestReadersOfAWholeIncidentNameAnEntryRemovedFromIt(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		for _, r := range wholeIncidentWalks(ctx, "INC-9") {
			t.Run(r.name, func(t *testing.T) {
				d := openTest(t)
				n9 := gappedIncidents(t, d)
				if err := r.read(d); err != nil {
					t.Fatal(err)
				}
				want := "entry " + strconv.FormatInt(n9, 10) + " of the audit chain: the chain jumps from entry "
				if f := d.ReadFault(); !strings.Contains(f, want) {
					t.Errorf("the store says %q; want it to name %q", f, want)
				}
			})
		}
		t.Run("the native export", func(t *testing.T) {
			d := openTest(t)
			n9 := gappedIncidents(t, d)
			var b bytes.Buffer
			err := d.Export(ctx, "INC-9", &b)
			if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(model.ErrorMessage(err), "entry "+strconv.FormatInt(n9, 10)+" ") {
				t.Errorf("the export of INC-9 with N9 removed returned %v", err)
			}
			if strings.HasSuffix(strings.TrimSpace(b.String()), "}") && strings.Count(b.String(), "{") == strings.Count(b.String(), "}") {
				t.Errorf("the export wrote a whole document:\n%s", b.String())
			}
		})
	})
}

// With no pass beside it (a write landed between its two transactions
// beginning), the export runs the pass on its own transaction first, and
// still stops at an entry removed from the incident's span.
func TestAnExportReadInTurnStopsAtAnEntryRemovedFromTheIncident(t *testing.T) {
	defer func() { readBeside = true }()
	readBeside = false
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		n9 := gappedIncidents(t, d)
		var b bytes.Buffer
		err := d.Export(context.Background(), "INC-9", &b)
		if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(model.ErrorMessage(err), "entry "+strconv.FormatInt(n9, 10)+" ") {
			t.Errorf("the export of INC-9 with N9 removed, read in turn, returned %v", err)
		}
	})
}
