package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/signoff/signoff/model"
)

// Chain entry kinds: one per kind of record, each stored in its own table
// (evidence in events, see the schema).
const (
	recIncident = "incident"
	recPerson   = "person"
	recAgent    = "agent"
	recAsset    = "asset"
	recEvidence = "evidence"
	recEvent    = "event"
	recReview   = "review"
)

// writer appends records inside one transaction: each record becomes a
// chain entry and a row that points at it. Statements are prepared once per
// transaction, which is what makes a million-row import affordable.
type writer struct {
	tx    *sql.Tx
	at    time.Time
	actor string
	seq   int64
	prev  string

	inc   int64 // seq of the incident the records belong to
	incID string

	stmts map[string]*sql.Stmt
}

func newWriter(ctx context.Context, tx *sql.Tx, actor string) (*writer, error) {
	w := &writer{tx: tx, at: Now().UTC(), actor: actor, prev: model.GenesisHash, stmts: map[string]*sql.Stmt{}}
	var hash []byte
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").Scan(&w.seq, &hash)
	if err == sql.ErrNoRows {
		return w, nil
	}
	if err != nil {
		return nil, err
	}
	w.prev = hex.EncodeToString(hash)
	return w, nil
}

func (w *writer) close() {
	for _, s := range w.stmts {
		s.Close()
	}
}

func (w *writer) exec(ctx context.Context, query string, args ...any) error {
	s := w.stmts[query]
	if s == nil {
		var err error
		if s, err = w.tx.PrepareContext(ctx, query); err != nil {
			return err
		}
		w.stmts[query] = s
	}
	_, err := s.ExecContext(ctx, args...)
	return err
}

// entry appends one chain entry for the record v and returns its seq.
func (w *writer) entry(ctx context.Context, kind, subject string, v any) (int64, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	e := model.ChainEntry{Seq: w.seq + 1, At: w.at, Actor: w.actor, Kind: kind,
		Incident: w.incID, Subject: subject, Payload: string(payload), Prev: w.prev}
	e.Hash = model.ChainHash(e)
	prev, _ := hex.DecodeString(e.Prev)
	hash, _ := hex.DecodeString(e.Hash)
	err = w.exec(ctx, `INSERT INTO chain (seq, at, actor, kind, incident, subject, payload, prev, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At.UnixNano(), e.Actor, e.Kind, e.Incident, e.Subject, e.Payload, prev, hash)
	if err != nil {
		return 0, err
	}
	w.seq, w.prev = e.Seq, e.Hash
	return e.Seq, nil
}

// incident appends a new incident and makes it the writer's incident.
func (w *writer) incident(ctx context.Context, i *model.Incident) error {
	w.incID = i.ID
	seq, err := w.entry(ctx, recIncident, i.ID, i)
	if err != nil {
		return err
	}
	w.inc = seq
	return w.exec(ctx, "INSERT INTO incidents (seq, id, opened_at) VALUES (?, ?, ?)", seq, i.ID, i.OpenedAt.UnixNano())
}

func (w *writer) person(ctx context.Context, p *model.Person) error {
	return w.keyed(ctx, recPerson, "INSERT INTO people (seq, inc, id) VALUES (?, ?, ?)", p.ID, p)
}

func (w *writer) agent(ctx context.Context, a *model.Agent) error {
	return w.keyed(ctx, recAgent, "INSERT INTO agents (seq, inc, id) VALUES (?, ?, ?)", a.ID, a)
}

func (w *writer) asset(ctx context.Context, a *model.Asset) error {
	return w.keyed(ctx, recAsset, "INSERT INTO assets (seq, inc, id) VALUES (?, ?, ?)", a.ID, a)
}

func (w *writer) keyed(ctx context.Context, kind, insert, id string, v any) error {
	seq, err := w.entry(ctx, kind, id, v)
	if err != nil {
		return err
	}
	return w.exec(ctx, insert, seq, w.inc, id)
}

func (w *writer) event(ctx context.Context, e *model.Event) error {
	seq, err := w.entry(ctx, recEvent, e.ID, e)
	if err != nil {
		return err
	}
	return w.row(ctx, seq, rowOfEvent(e))
}

func (w *writer) evidence(ctx context.Context, e *model.Evidence) error {
	seq, err := w.entry(ctx, recEvidence, e.ID, e)
	if err != nil {
		return err
	}
	return w.row(ctx, seq, rowOfEvidence(e))
}

func (w *writer) row(ctx context.Context, seq int64, r eventRow) error {
	return w.exec(ctx, `INSERT INTO events (seq, inc, id, at, kind, actor, summary, action, target, suggestion, decision, starts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		seq, w.inc, r.ID, r.At, r.Kind, r.Actor, r.Summary,
		null(r.Action), null(r.Target), null(r.Suggestion), null(r.Decision), r.Starts)
}

func (w *writer) review(ctx context.Context, r *model.Review) error {
	seq, err := w.entry(ctx, recReview, r.Subject, r)
	if err != nil {
		return err
	}
	return w.exec(ctx, "INSERT INTO reviews (seq, inc, subject, reviewer, at, verdict) VALUES (?, ?, ?, ?, ?, ?)",
		seq, w.inc, r.Subject, r.Reviewer, r.At.UnixNano(), string(r.Verdict))
}
