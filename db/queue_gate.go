package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// gateNotes are the notes the approval gate wrote on suggestions of the
// incidents when it answered its agent without a decision, in the order
// recorded. Their ids are N-<suggestion>-<ms> (gate.NoteID): a range of
// the (inc, id) index every event has, so no migration, and only the
// notes whose id starts N- are read, whatever else an incident holds.
// (%[1]s is the dialect's list of the incidents.)
const gateNotes = `SELECT n.inc, n.id, n.seq, n.at, n.summary FROM events n
	WHERE n.inc IN (%[1]s) AND n.id >= 'N-' AND n.id < 'N.' AND n.kind = 'note' AND n.actor = '` + gate.NoteActor + `'
	ORDER BY n.inc, n.seq`

// gateNotesOf are the gate's notes on one suggestion, read whole and
// checked: ids between N-<suggestion>- and N-<suggestion>-: hold every
// N-<suggestion>-<digits> (and some of a longer suggestion's, which
// gate.EndOf sets aside).
const gateNotesOf = `SELECT ` + entryColumns + ` FROM events n JOIN chain c ON c.seq = n.seq
	WHERE n.inc = ? AND n.id > ? AND n.id < ? AND n.kind = 'note' AND n.actor = '` + gate.NoteActor + `'
	ORDER BY n.seq`

// gateNote is the latest note of the gate on one suggestion, as the
// events table has it: its entry is read when it is shown.
type gateNote struct {
	seq int64
	end model.GateEnd
}

// gateNotesIn reads, for each suggestion of the incidents in list whose
// latest gate note says its gate ended, that note. A later note of a gate
// asked again for the same call means a gate waits on it now.
func gateNotesIn(ctx context.Context, r *reader, list string) (map[assetKey]gateNote, error) {
	out := map[assetKey]gateNote{}
	err := eachRow(ctx, r, r.d.sq.gateNotes, []any{list}, func(rows *sql.Rows) error {
		var inc, seq, at int64
		e := model.Event{Kind: model.KindNote, Actor: gate.NoteActor}
		if err := rows.Scan(&inc, &e.ID, &seq, &at, &e.Summary); err != nil {
			return err
		}
		e.At = fromNanos(at)
		sug := gate.NoteSuggestion(e.ID)
		end, known := gate.ReadNote(e, sug)
		switch {
		case end != nil:
			out[assetKey{inc, sug}] = gateNote{seq, *end}
		case known:
			delete(out, assetKey{inc, sug})
		}
		return nil
	})
	return out, err
}

// setGateEnds marks the items whose gate ended, from the entries of the
// notes that say so (checked as they are read). incOf is each item's
// incident.
func setGateEnds(ctx context.Context, r *reader, list string, items []model.PendingItem, incOf []int64) error {
	notes, err := gateNotesIn(ctx, r, list)
	if err != nil || len(notes) == 0 {
		return err
	}
	for i := range items {
		n, ok := notes[assetKey{incOf[i], items[i].Suggestion}]
		if !ok {
			continue
		}
		var e model.Event
		if err := payloadOf(ctx, r, n.seq, &e); err != nil {
			return err
		}
		items[i].GateEnded = gate.EndOf(e, items[i].Suggestion)
	}
	return nil
}

// gateEndOf is how the gate that waited on a suggestion ended, from its
// latest note, or nil while none says it did or a gate waits on it again.
func gateEndOf(ctx context.Context, r *reader, inc int64, suggestion string) (*model.GateEnd, error) {
	notes, err := gateNotesOn(ctx, r, inc, suggestion)
	if err != nil {
		return nil, err
	}
	return gate.Latest(notes, suggestion), nil
}

// pendingGated are the pending items of the incidents that have a note by
// the gate, one index probe each on the (inc, id) range gateNotesOf reads:
// the summaries count them without reading any item's payload.
const pendingGated = `SELECT p.inc, p.id FROM pending_items p
	WHERE p.inc IN (%[1]s) AND EXISTS (SELECT 1 FROM events n WHERE n.inc = p.inc
		AND n.id > 'N-' || p.id || '-' AND n.id < 'N-' || p.id || '-:' AND n.kind = 'note' AND n.actor = '` + gate.NoteActor + `')`

// gateEndedCounts counts, for each incident in list, the pending items
// whose gate noted that it answered its agent without a decision. Like
// the summaries' other counts, it is read from the tables, not from the
// notes' entries: a count is never text from the record.
func gateEndedCounts(ctx context.Context, r *reader, list string) (map[int64]int, error) {
	notes, err := gateNotesIn(ctx, r, list)
	if err != nil || len(notes) == 0 {
		return nil, err
	}
	out := map[int64]int{}
	err = eachRow(ctx, r, r.d.sq.pendingGated, []any{list}, func(rows *sql.Rows) error {
		var k assetKey
		if err := rows.Scan(&k.inc, &k.id); err != nil {
			return err
		}
		if _, ok := notes[k]; ok {
			out[k.inc]++
		}
		return nil
	})
	return out, err
}
