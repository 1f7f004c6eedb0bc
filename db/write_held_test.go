package db

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// heldWrites are the store's writes that append to the record, each on
// the queue's sample incidents (openQueue).
var heldWrites = []struct {
	name  string
	write func(t *testing.T, ctx context.Context, d *DB) error
}{
	{"a review verdict", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := d.RecordReview(ctx, "INC-2041", model.Review{Subject: "S1", Reviewer: "mara", Verdict: model.VerdictFollowed,
			OutcomeChanged: "no", AICorrect: "yes"})
		return err
	}},
	{"a status change", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := changeStatus(d, "alice", model.StatusContained, false)
		return err
	}},
	{"a hand-off note", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "over to you"})
		return err
	}},
	{"a decision", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := decide(d, "tomas", "S5", model.OutcomeApproved)
		return err
	}},
	{"an import of a document", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := d.ImportDocument(ctx, "sample.json", strings.NewReader(docJSON(t, sampleDoc())), "importer")
		return err
	}},
	{"an import of a stream", func(t *testing.T, ctx context.Context, d *DB) error {
		_, err := d.ImportStream(ctx, "jose.ndjson", bytes.NewBufferString(joseFeed), "importer")
		return err
	}},
	{"the gate's note", func(t *testing.T, ctx context.Context, d *DB) error {
		note := model.Event{ID: gate.NoteID("S5", clock), Kind: model.KindNote, Actor: gate.NoteActor, Summary: "stopped waiting"}
		_, err := d.NoteUnanswered(ctx, "INC-2046", "S5", "gate", note)
		return err
	}},
}

// Nothing is appended to a record that no longer holds what this machine
// remembers of it: a record cut short with sqlite3 since the last check
// took a status change, a verdict, a decision or an import over the cut,
// the new entries took the seqs of the ones removed, and the record then
// read as rewritten rather than cut short, with the person's new record on
// a record that had lost entries.
func TestNothingIsAppendedToARecordThatDoesNotHoldWhatIsRemembered(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		tampers := []struct {
			name   string
			tamper func(t *testing.T, d *DB)
			says   string
		}{
			{"cut short", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "DELETE FROM handoff_notes", "DELETE FROM chain WHERE kind = 'handoff'")
			}, "so entries were cut off the end"},
			{"rewritten at its end", func(t *testing.T, d *DB) {
				tamper(t, d.Address(), "UPDATE chain SET at = at + 1000000000 WHERE kind = 'handoff'",
					"UPDATE handoff_notes SET at = at + 1000000000")
				rechain(t, d.Address())
			}, "so the chain was rewritten since"},
		}
		for _, tp := range tampers {
			for _, w := range heldWrites {
				t.Run(w.name+" on a record "+tp.name+" is refused, writing nothing", func(t *testing.T) {
					d := openQueue(t)
					if _, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "last"}); err != nil {
						t.Fatal(err)
					}
					v := remembered(t, d)
					tp.tamper(t, d)
					d.HoldTo(v)
					before := stateOf(t, d)
					err := w.write(t, ctx, d)
					wantError(t, err, model.ETAMPERED, "nothing was recorded: the record was changed outside signoff: entry ")
					wantError(t, err, model.ETAMPERED, tp.says)
					wantError(t, err, model.ETAMPERED, "signoff verify --forget")
					if after := stateOf(t, d); after != before {
						t.Errorf("the refused write changed the database: %+v -> %+v", before, after)
					}
				})
			}
		}
		for _, w := range heldWrites {
			t.Run(w.name+" on a record that holds what is remembered, and more, is recorded", func(t *testing.T) {
				d := openQueue(t)
				v := remembered(t, d)
				if _, err := d.AddHandoffNote(ctx, model.HandoffNote{Incident: "INC-2046", By: "alice", Text: "since"}); err != nil {
					t.Fatal(err)
				}
				d.HoldTo(v)
				if err := w.write(t, ctx, d); err != nil {
					t.Fatal(err)
				}
			})
		}
	})
}
