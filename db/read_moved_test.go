package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// rowsMovedToINC9 records INC-9 and INC-1, then moves INC-1's suggestion
// S1 and note N1 to INC-9 in the timeline alone: their chain entries,
// which still name INC-1 and verify on their own, now read as INC-9's.
func rowsMovedToINC9(t *testing.T, d *DB) {
	t.Helper()
	if _, err := importStream(t, d, "feed.ndjson", feed); err != nil {
		t.Fatal(err)
	}
	importDoc(t, d, sampleDoc())
	tamper(t, d.Address(), "UPDATE events SET inc = (SELECT seq FROM incidents WHERE id = 'INC-9') WHERE id IN ('S1', 'N1')")
}

// A row moved to another incident's timeline brings an entry that names
// its own incident: the readers that go through a whole incident name it
// rather than take another incident's record as this one's (a step of
// the findings and report, a record of the exports), and the native
// export stops rather than write it into the document.
func TestReadersOfAWholeIncidentNameRowsMovedFromAnotherIncident(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		const want = "the row belongs to another incident than the entry's INC-1, so it was altered"
		for _, r := range wholeIncidentWalks(ctx, "INC-9") {
			t.Run(r.name, func(t *testing.T) {
				d := openTest(t)
				rowsMovedToINC9(t, d)
				if err := r.read(d); err != nil {
					t.Fatal(err)
				}
				if f := d.ReadFault(); !strings.Contains(f, want) {
					t.Errorf("the store says %q; want it to name %q", f, want)
				}
			})
		}
		t.Run("the native export", func(t *testing.T) {
			d := openTest(t)
			rowsMovedToINC9(t, d)
			var b bytes.Buffer
			err := d.Export(ctx, "INC-9", &b)
			if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(model.ErrorMessage(err), want) {
				t.Errorf("the export of INC-9 with INC-1's S1 and N1 moved in returned %v", err)
			}
			if strings.Contains(b.String(), "gist removed") || strings.Contains(b.String(), "token is live") {
				t.Errorf("the export wrote INC-1's records:\n%s", b.String())
			}
		})
	})
}
