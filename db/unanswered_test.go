package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestNoteUnansweredWritesTheNoteOnlyWhileNobodyDecided(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		note := model.Event{ID: "N-S5", Kind: model.KindNote, Actor: "signoff gate", Summary: "No decision on S5 within 10m: agent triage was told no"}
		dec, err := d.NoteUnanswered(ctx, "INC-2046", "S5", "gate", note)
		if err != nil || dec != nil {
			t.Fatalf("undecided S5: decision %v, err %v", dec, err)
		}
		got, err := d.Event(ctx, "INC-2046", "N-S5")
		if err != nil || got.Summary != note.Summary || !got.At.Equal(clock) {
			t.Fatalf("the note was not recorded at the store's time: %+v, %v", got, err)
		}

		if _, err := decide(d, "alice", "S6", model.OutcomeRejected); err != nil {
			t.Fatal(err)
		}
		note.ID = "N-S6"
		dec, err = d.NoteUnanswered(ctx, "INC-2046", "S6", "gate", note)
		if err != nil || dec == nil || dec.ID != "D-S6" || dec.Owner != "alice" {
			t.Fatalf("decided S6: decision %+v, err %v", dec, err)
		}
		if _, err := d.Event(ctx, "INC-2046", "N-S6"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("a note was written although S6 was decided: %v", err)
		}
		if _, err := d.NoteUnanswered(ctx, "INC-2046", "X1", "gate", model.Event{ID: "N-X", Kind: model.KindNote, Actor: "g", Summary: "s"}); model.ErrorCode(err) != model.ENOTFOUND {
			t.Fatalf("a note about an execution: %v", err)
		}
		if _, err := d.NoteUnanswered(ctx, "INC-2046", "S8", "gate", model.Event{ID: "N-S8", Kind: model.KindAlert, Source: "g", Summary: "s"}); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("an alert as the note: %v", err)
		}
		if res, err := d.Verify(ctx); err != nil || !res.Intact {
			t.Fatalf("verify after the notes: %+v, %v", res, err)
		}
	})
}
