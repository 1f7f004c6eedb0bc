package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/signoff/signoff/db/engine"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
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
	recStatus   = "status"
	recHandoff  = "handoff"
	// recQueued is a decision made in the queue (migration 0010): an event
	// whose row is in events and whose mark is in queue_decisions.
	recQueued = "queue-decision"
)

// writer appends records inside one transaction: each record becomes a
// chain entry and a row that points at it. Statements are prepared once per
// transaction, and the entries and timeline rows of a stream are inserted
// many to a statement (see batch), which is what makes a million-row
// import affordable.
type writer struct {
	tx     *sql.Tx
	at     time.Time
	atText string // at as the chain hash writes it
	actor  string
	seq    int64
	link   *chain.Linker

	inc   int64 // seq of the incident the records belong to
	incID string

	stmts   map[string]*sql.Stmt
	pending batch
	q       *engine.Dialect

	isUnique func(error) bool // the engine's test of a unique-constraint violation
}

// newWriter appends in tx as actor; at, read once from the store's clock
// when the transaction began, is the time of every entry it writes.
func (d *DB) newWriter(ctx context.Context, tx *sql.Tx, actor string, at time.Time) (*writer, error) {
	// Every chain entry is written here: the one place the actor's name,
	// hashed with the entry, is held to the rule every record's text is.
	if err := model.CheckText("the acting person's name ("+model.Quote(actor)+")", actor); err != nil {
		return nil, err
	}
	w := &writer{tx: tx, at: at, atText: chain.Time(at), actor: actor, stmts: map[string]*sql.Stmt{}, q: d.q, isUnique: d.eng.IsUnique}
	var hash []byte
	err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").Scan(&w.seq, &hash)
	switch {
	case err == sql.ErrNoRows:
		w.link = chain.NewLinker(model.GenesisHash)
	case err != nil:
		return nil, err
	default:
		w.link = chain.NewLinker(hex.EncodeToString(hash))
	}
	if err := d.refuseUnheld(ctx, tx, w.seq); err != nil {
		return nil, err
	}
	return w, nil
}

// stmt prepares query once in the transaction. The transaction closes
// its statements when it ends; closing them here as well raced with the
// rollback database/sql makes when a context is cancelled (it registers a
// statement with its transaction only after releasing the transaction's
// lock, so a rollback in between misses it, and a later Close finalised it
// on a connection already closed: a crash).
func (w *writer) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	s := w.stmts[query]
	if s == nil {
		var err error
		if s, err = w.tx.PrepareContext(ctx, query); err != nil {
			return nil, err
		}
		w.stmts[query] = s
	}
	return s, nil
}

func (w *writer) exec(ctx context.Context, query string, args ...any) error {
	s, err := w.stmt(ctx, query)
	if err != nil {
		return err
	}
	_, err = s.ExecContext(ctx, args...)
	return err
}

// tail is the hashed text of an entry of this writer after prev and seq.
func (w *writer) tail(b []byte, kind, subject, payload string) []byte {
	return chain.Tail(b, w.atText, w.actor, kind, w.incID, subject, payload)
}

// queue appends one chain entry, whose hashed text after prev and seq is
// tail, to the pending batch and returns its seq.
func (w *writer) queue(kind, subject, payload string, tail []byte) int64 {
	w.seq++
	prev, hash := w.link.Link(w.seq, tail)
	w.pending.chain = append(w.pending.chain, chainRow{seq: w.seq, kind: kind, incident: w.incID,
		subject: subject, payload: payload, prev: prev, hash: hash})
	w.pending.bytes += len(payload)
	return w.seq
}

// entry appends one chain entry for the record v and returns its seq; the
// entry is inserted before entry returns, so rows may refer to it.
func (w *writer) entry(ctx context.Context, kind, subject string, v any) (int64, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return 0, err
	}
	p := string(payload)
	seq := w.queue(kind, subject, p, w.tail(nil, kind, subject, p))
	return seq, w.flush(ctx)
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

func (w *writer) event(ctx context.Context, e *model.Event) error {
	return w.eventAs(ctx, recEvent, e)
}

func (w *writer) eventAs(ctx context.Context, kind string, e *model.Event) error {
	seq, err := w.entry(ctx, kind, e.ID, e)
	if err != nil {
		return err
	}
	return w.row(ctx, seq, rowOfEvent(e))
}

func (w *writer) row(ctx context.Context, seq int64, r eventRow) error {
	return w.exec(ctx, w.insertEvents(1), w.eventArgs(nil, seq, &r)...)
}

func (w *writer) review(ctx context.Context, r *model.Review) error {
	seq, err := w.entry(ctx, recReview, r.Subject, r)
	if err != nil {
		return err
	}
	return w.exec(ctx, insertReviews(1), reviewArgs(nil, seq, w.inc, r)...)
}

func (w *writer) status(ctx context.Context, c *model.StatusChange) error {
	seq, err := w.entry(ctx, recStatus, c.ID, c)
	if err != nil {
		return err
	}
	return w.exec(ctx, insertStatus, seq, w.inc, c.ID, string(c.Status), c.By, c.At.UnixNano())
}

const insertStatus = "INSERT INTO status_changes (seq, inc, id, status, person, at) VALUES (?, ?, ?, ?, ?, ?)"
