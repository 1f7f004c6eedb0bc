package db

import (
	"context"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// NoteUnanswered appends note unless the suggestion has a decision
// (model.QueueStore). The write transaction begins IMMEDIATE, so no
// decision can land between the check and the note; a decision that comes
// later is checked against the suggestion's expiry like any other.
func (d *DB) NoteUnanswered(ctx context.Context, incident, suggestion, actor string, note model.Event) (*model.Event, error) {
	dec, _, err := d.NoteGate(ctx, incident, suggestion, actor, func(dec *model.Event, _ []model.Event) *model.Event {
		if dec != nil {
			return nil
		}
		return &note
	})
	return dec, err
}

// NoteGate appends the note choose makes from the suggestion's latest
// decision (nil while none) and the gate's notes on it so far, in the
// order recorded; choose returns nil to write nothing. What it reads and
// the note are one transaction, so a gate's note always says what was
// true when it was written: whether a decision had landed, whether
// another gate still waits (gate.Waiting). It returns the decision and
// whether the note was written.
func (d *DB) NoteGate(ctx context.Context, incident, suggestion, actor string, choose func(decision *model.Event, notes []model.Event) *model.Event) (*model.Event, bool, error) {
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	found, err := records[model.Event](ctx, r, eventByID, inc, suggestion)
	if err != nil {
		return nil, false, d.fail(err)
	}
	if len(found) == 0 || found[0].Kind != model.KindSuggestion {
		return nil, false, model.Errorf(model.ENOTFOUND, "incident %s has no suggestion %s", incident, suggestion)
	}
	dec, err := lastEvent(ctx, r, decisionsOf, inc, suggestion)
	if err != nil {
		return nil, false, d.fail(err)
	}
	notes, err := gateNotesOn(ctx, r, inc, suggestion)
	if err != nil {
		return nil, false, d.fail(err)
	}
	picked := choose(dec, notes)
	if picked == nil {
		return dec, false, nil
	}
	note := *picked
	if note.Kind != model.KindNote {
		return nil, false, model.Errorf(model.EINVALID, "event %s is a %s; only a note can say what an agent was told", note.ID, note.Kind)
	}
	w, err := d.newWriter(ctx, tx, actor, d.now())
	if err != nil {
		return nil, false, d.fail(err)
	}
	w.inc, w.incID = inc, incident
	if note.At.IsZero() {
		note.At = w.at
	}
	note.Normalize()
	if err := note.Validate(); err != nil {
		return nil, false, err
	}
	if err := w.event(ctx, &note); err != nil {
		return nil, false, d.fail(err)
	}
	if err := d.refreshFacts(ctx, tx, inc, w.seq); err != nil {
		return nil, false, d.fail(err)
	}
	return dec, true, d.fail(tx.Commit())
}

// gateNotesOn are the gate's notes on one suggestion, in the order
// recorded: those gateNotesOf reads that gate.NoteSuggestion gives back
// to it, not a longer suggestion's.
func gateNotesOn(ctx context.Context, r *reader, inc int64, suggestion string) ([]model.Event, error) {
	prefix := "N-" + suggestion + "-"
	notes, err := records[model.Event](ctx, r, gateNotesOf, inc, prefix, prefix+":")
	if err != nil {
		return nil, err
	}
	out := notes[:0]
	for _, n := range notes {
		if gate.NoteSuggestion(n.ID) == suggestion {
			out = append(out, n)
		}
	}
	return out, nil
}
