package db

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// everyRow deletes every row of the record, children first, as someone
// with the file (or the owner's role) and the triggers out of the way can.
var everyRow = []string{
	"DELETE FROM training_choices", "DELETE FROM training_runs", "DELETE FROM queue_claims",
	"DELETE FROM handoff_notes", "DELETE FROM status_changes", "DELETE FROM pending_items",
	"DELETE FROM incident_counts", "DELETE FROM suggestion_cells", "DELETE FROM suggestion_facts",
	"DELETE FROM queue_decisions", "DELETE FROM queue_approvals", "DELETE FROM reviews",
	"DELETE FROM events", "DELETE FROM assets", "DELETE FROM agents", "DELETE FROM people",
	"DELETE FROM incidents", "DELETE FROM chain",
}

// A record cut down to nothing used to read as another record made at its
// address: the remembered check held nothing, the whole check said intact
// with no entries, and writes went on as if nothing had happened. A
// database made before the remembered check is the record checked, so an
// empty chain there is a cut like any other; one made after it is a new
// record, which the check holds to nothing.
func TestARecordCutDownToNothingIsHeldAsCut(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		t.Run("every row deleted: writes are refused and the whole check names the cut", func(t *testing.T) {
			d := openQueue(t)
			v := remembered(t, d)
			v.Checked = time.Now()
			tamper(t, d.Address(), everyRow...)
			d.HoldTo(v)
			if res, err := d.Verify(ctx); err != nil || res.Intact || !strings.Contains(res.Reason, "so every entry was cut off") {
				t.Errorf("the whole check, held: %s, %v; want the cut named", res, err)
			}
			before := stateOf(t, d)
			// Only imports can write to an empty record: the other writes
			// find no incident to write to.
			for _, w := range heldWrites {
				if !strings.HasPrefix(w.name, "an import") {
					continue
				}
				err := w.write(t, ctx, d)
				wantError(t, err, model.ETAMPERED, "nothing was recorded: the record was changed outside signoff: entry 1")
				wantError(t, err, model.ETAMPERED, "signoff verify --forget")
			}
			if after := stateOf(t, d); after != before {
				t.Errorf("a refused write changed the database: %+v -> %+v", before, after)
			}
		})
		t.Run("the first entry deleted: writes are refused as a cut from the start", func(t *testing.T) {
			d := openQueue(t)
			v := remembered(t, d)
			tamper(t, d.Address(), "DELETE FROM chain WHERE seq = 1")
			d.HoldTo(v)
			err := heldWrites[0].write(t, ctx, d)
			wantError(t, err, model.ETAMPERED, "so entries were cut from its start")
		})
		t.Run("a database made after the check is another record, and takes writes", func(t *testing.T) {
			d := openQueue(t)
			v := remembered(t, d)
			v.Checked = time.Now().AddDate(-30, 0, 0)
			fresh := openTest(t)
			fresh.HoldTo(v)
			if res, err := fresh.Verify(ctx); err != nil || !res.Intact {
				t.Errorf("the new record, held to the old one's check: %s, %v; want intact", res, err)
			}
			importDoc(t, fresh, sampleDoc())
		})
	})
}
