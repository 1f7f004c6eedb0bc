package db

import (
	"context"

	"github.com/signoff/signoff/model"
)

// NoteUnanswered appends note unless the suggestion has a decision
// (model.QueueStore). The write transaction begins IMMEDIATE, so no
// decision can land between the check and the note; a decision that comes
// later is checked against the suggestion's expiry like any other.
func (d *DB) NoteUnanswered(ctx context.Context, incident, suggestion, actor string, note model.Event) (*model.Event, error) {
	if note.Kind != model.KindNote {
		return nil, model.Errorf(model.EINVALID, "event %s is a %s; only a note can say what an agent was told", note.ID, note.Kind)
	}
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	found, err := records[model.Event](ctx, r, eventByID, inc, suggestion)
	if err != nil {
		return nil, d.fail(err)
	}
	if len(found) == 0 || found[0].Kind != model.KindSuggestion {
		return nil, model.Errorf(model.ENOTFOUND, "incident %s has no suggestion %s", incident, suggestion)
	}
	if dec, err := lastEvent(ctx, r, decisionsOf, inc, suggestion); err != nil || dec != nil {
		return dec, d.fail(err)
	}
	w, err := d.newWriter(ctx, tx, actor, d.now())
	if err != nil {
		return nil, d.fail(err)
	}
	w.inc, w.incID = inc, incident
	if note.At.IsZero() {
		note.At = w.at
	}
	note.Normalize()
	if err := note.Validate(); err != nil {
		return nil, err
	}
	if err := w.event(ctx, &note); err != nil {
		return nil, d.fail(err)
	}
	if err := d.refreshFacts(ctx, tx, inc, w.seq); err != nil {
		return nil, d.fail(err)
	}
	return nil, d.fail(tx.Commit())
}
