package db

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// streamRefs answers model.Refs for a stream import from the database (which,
// inside the import's transaction, already holds the stream's earlier
// records). The roster is small and kept in maps whose value says whether
// the id came from this stream; event ids are looked up, with a bounded
// cache of recent ones because references mostly point a little way back.
type streamRefs struct {
	tx     *sql.Tx
	inc    int64
	people map[string]bool
	agents map[string]bool
	assets map[string]bool
	// who holds the ids of the people and agents, stored and of this
	// stream, so that no new one reads like another (package alike).
	who alike.Index
	// parties holds the people and agents, stored and of this stream, by
	// id and display name, so that no new one's name reads like another's
	// name or id (who_names.go).
	parties alike.Parties

	recent map[string]seenEvent
	lookup *sql.Stmt
	err    error // a database failure behind a false answer
}

// seenEvent is what references need of an event: its kind, and the
// suggestion a decision answers.
type seenEvent struct {
	kind       model.EventKind
	suggestion string
}

const recentIDs = 1 << 16

func newStreamRefs(tx *sql.Tx) *streamRefs {
	return &streamRefs{tx: tx, people: map[string]bool{}, agents: map[string]bool{}, assets: map[string]bool{},
		recent: map[string]seenEvent{}}
}

func (r *streamRefs) close() {
	if r.lookup != nil {
		r.lookup.Close()
	}
}

// load reads the roster of an existing incident.
func (r *streamRefs) load(ctx context.Context) error {
	// People, then agents, each in the order recorded: an incident
	// imported before ids that read alike were refused may hold such a
	// pair; it stays as recorded, and a new id reading like either is
	// refused naming the one recorded first, the same one every time.
	for _, t := range []struct {
		table string
		ids   map[string]bool
		who   bool
	}{{"people", r.people, true}, {"agents", r.agents, true}, {"assets", r.assets, false}} {
		rows, err := r.tx.QueryContext(ctx, "SELECT t.id, c.payload FROM "+t.table+" t JOIN chain c ON c.seq = t.seq WHERE t.inc = ? ORDER BY t.seq", r.inc)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, payload string
			if err := rows.Scan(&id, &payload); err != nil {
				rows.Close()
				return err
			}
			t.ids[id] = false
			if t.who {
				r.who.Add(id)
				if err := r.addStored(t.table, id, payload); err != nil {
					rows.Close()
					return err
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// claimWho refuses a person or agent id already used by either, or that
// reads like the id of any person or agent already known, or whose
// display name reads like the name or id of one (claimName), and takes
// it: "who" must never be ambiguous.
func (r *streamRefs) claimWho(name string, line int, what, id, display string) error {
	same, other, otherName := r.people, r.agents, "an agent"
	if what == "agent" {
		same, other, otherName = r.agents, r.people, "a person"
	}
	if inStream, dup := same[id]; dup {
		if inStream {
			return format.ErrorAt(name, line, 0, fmt.Sprintf("%s %s: the id is already used by an earlier record of this stream", what, id))
		}
		return model.Errorf(model.ECONFLICT, "%s line %d: %s %s already exists in the incident; a stream adds new records only", name, line, what, id)
	}
	if _, clash := other[id]; clash {
		return format.ErrorAt(name, line, 0, fmt.Sprintf("%s %s: the id is already used by %s", what, id, otherName))
	}
	if clash, ok := r.who.Find(id); ok {
		return format.InFile(name, line, model.WhoClash(what, id, r.kindOf(clash), clash))
	}
	if err := r.claimName(name, line, what, id, display); err != nil {
		return err
	}
	r.who.Add(id)
	return nil
}

// kindOf says whether a known id is a person's or an agent's.
func (r *streamRefs) kindOf(id string) string {
	if _, ok := r.people[id]; ok {
		return "person"
	}
	return "agent"
}

func (r *streamRefs) seen(id string, k model.EventKind, suggestion string) {
	if len(r.recent) >= recentIDs {
		clear(r.recent)
	}
	r.recent[id] = seenEvent{k, suggestion}
}

func (r *streamRefs) HasPerson(id string) bool { _, ok := r.people[id]; return ok }
func (r *streamRefs) HasAgent(id string) bool  { _, ok := r.agents[id]; return ok }
func (r *streamRefs) HasAsset(id string) bool  { _, ok := r.assets[id]; return ok }

func (r *streamRefs) HasEvidence(id string) bool {
	e, ok := r.event(id)
	return ok && e.kind == model.KindEvidence
}

func (r *streamRefs) EventKind(id string) (model.EventKind, bool) {
	e, ok := r.event(id)
	if !ok || e.kind == model.KindEvidence {
		return "", false
	}
	return e.kind, true
}

func (r *streamRefs) Answers(id string) string {
	e, ok := r.event(id)
	if !ok || e.kind != model.KindDecision {
		return ""
	}
	return e.suggestion
}

func (r *streamRefs) event(id string) (seenEvent, bool) {
	if e, ok := r.recent[id]; ok {
		return e, true
	}
	if r.err != nil {
		return seenEvent{}, false
	}
	if r.lookup == nil {
		if r.lookup, r.err = r.tx.Prepare("SELECT kind, coalesce(suggestion, '') FROM events WHERE inc = ? AND id = ?"); r.err != nil {
			return seenEvent{}, false
		}
	}
	var e seenEvent
	switch err := r.lookup.QueryRow(r.inc, id).Scan(&e.kind, &e.suggestion); err {
	case nil:
		return e, true
	case sql.ErrNoRows:
		return seenEvent{}, false
	default:
		r.err = err
		return seenEvent{}, false
	}
}
