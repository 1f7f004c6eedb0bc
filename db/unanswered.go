package db

import (
	"context"
	"database/sql"

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
// another gate still waits (gate.Waiting). A note whose id a record
// already holds takes the next free millisecond (freeNoteID). It returns
// the decision and whether the note was written.
func (d *DB) NoteGate(ctx context.Context, incident, suggestion, actor string, choose func(decision *model.Event, notes []model.Event) *model.Event) (*model.Event, bool, error) {
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	found, err := recordOf[model.Event](ctx, r, eventByID, inc, suggestion)
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
	if note.ID, err = freeNoteID(ctx, w.tx, inc, suggestion, note.ID); err != nil {
		return nil, false, d.fail(err)
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

// noteIDsOf are the ids in an incident's range of one suggestion's note
// ids, whoever wrote them: the events' ids, evidence's among them.
const noteIDsOf = `SELECT id FROM events WHERE inc = ? AND id > ? AND id < ?`

// freeNoteID is id, the gate's note on suggestion, moved to the first
// millisecond no record of the incident holds (gate.FreeNoteID): another
// gate's note in the same millisecond, or a record a stream wrote before
// streams were kept out of the gate's ids, keeps its id, and the gate's
// note is written all the same. Any other id is left to the insert.
func freeNoteID(ctx context.Context, tx *sql.Tx, inc int64, suggestion, id string) (string, error) {
	if gate.NoteSuggestion(id) != suggestion {
		return id, nil
	}
	prefix := "N-" + suggestion + "-"
	rows, err := tx.QueryContext(ctx, noteIDsOf, inc, prefix, prefix+":")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var held string
		if err := rows.Scan(&held); err != nil {
			return "", err
		}
		taken[held] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return gate.FreeNoteID(id, func(id string) bool { return taken[id] }), nil
}
