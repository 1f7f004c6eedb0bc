package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/db/postgres"
	"github.com/signoff/signoff/model"
)

// A payload signoff never wrote (a raw control character inside a JSON
// string, which no JSON decoder takes) with the chain recomputed over it
// verifies link by link. Whoever reads it says which entry is not a
// record, as for any entry that does not verify: not "internal error",
// and never the raw bytes.
func TestAReadSaysWhichEntryIsNotARecord(t *testing.T) {
	ctx := context.Background()
	reads := []struct {
		name string
		read func(d *DB) error
	}{
		{"the steps one at a time (findings, report)", func(d *DB) error {
			return d.EachStep(ctx, "INC-1", func(model.WalkStart) error { return nil }, func(*model.Step) error { return nil })
		}},
		{"the records in time order", func(d *DB) error {
			return d.EachRecord(ctx, "INC-1", func(model.TimelineRecord) error { return nil })
		}},
		{"a step (the review screen)", func(d *DB) error { _, err := d.Step(ctx, "INC-1", "S1"); return err }},
		{"the document", func(d *DB) error { _, err := d.Document(ctx, "INC-1"); return err }},
		{"the export", func(d *DB) error {
			var out bytes.Buffer
			err := d.Export(ctx, "INC-1", &out)
			if bytes.ContainsAny(out.Bytes(), "\x1b") {
				t.Errorf("the export wrote the raw escape: %q", out.String())
			}
			return err
		}},
	}
	for _, r := range reads {
		t.Run(r.name+" names the entry", func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				esc := "char(27)"
				if postgres.IsAddress(d.Address()) {
					esc = "chr(27)"
				}
				tamper(t, d.Address(), "UPDATE chain SET payload = replace(payload, 'keep sessions', 'keep '||"+esc+"||'[2J') WHERE subject = 'D1'")
				rechain(t, d.Address())
				err := r.read(d)
				if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(model.ErrorMessage(err), "entry 9") ||
					!strings.Contains(model.ErrorMessage(err), "payload") {
					t.Fatalf("got %v (%s); want %s naming entry 9 and its payload", err, model.ErrorCode(err), model.ETAMPERED)
				}
			})
		})
	}
}
