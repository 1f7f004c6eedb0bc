package db

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

// The walk reads the timeline and the verdicts each in time order, on
// their indexes, and merges the two: nothing is sorted in memory. The
// steps the records belong to are read in step order, in the batches of a
// step walk (walk_steps.go), a little ahead of the records that need them;
// the entries are checked by the pass over the incident beside the walk
// (read_scan.go), which keeps the payloads it read for the steps
// (walk_window.go).
const (
	// The events of a step come decoded with their step, so their
	// payloads are not read here a second time.
	walkEvents = `SELECT c.seq, CASE WHEN e.kind IN ('suggestion', 'decision', 'execution') THEN '' ELSE c.payload END,
		e.kind, e.id, coalesce(e.suggestion, ''), coalesce(e.decision, ''), e.at
		FROM events e JOIN chain c ON c.seq = e.seq WHERE e.inc = ? ORDER BY e.at, e.id`
	entryPayload = `SELECT payload FROM chain WHERE seq = ?`
	walkReviews  = `SELECT ` + stepColumns + `, r.subject FROM reviews r JOIN chain c ON c.seq = r.seq
		WHERE r.inc = ? ORDER BY r.at, r.seq`
	decisionSubject = `SELECT coalesce(suggestion, id) FROM events WHERE inc = ? AND id = ? AND kind = 'decision'`
	// stepStart is the event a step begins with.
	stepStart = `SELECT ` + stepColumns + `, e.id FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id = ?2 AND e.starts = 1`
)

// walkSteps is how many steps a walk keeps: a step's records sit close
// together in time, so each is read about once while memory stays bounded.
const walkSteps = 8192

// EachRecord walks an incident's records in time order on one read
// transaction (model.RecordWalker). Each record of a step comes with the
// step.
func (d *DB) EachRecord(ctx context.Context, incident string, fn func(model.TimelineRecord) error) error {
	_, err := d.recordWalk(ctx, incident, fn)
	return err
}

// recordWalk is EachRecord, and the step walk it read the steps with.
func (d *DB) recordWalk(ctx context.Context, incident string, fn func(model.TimelineRecord) error) (*stepWalk, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	q := newStmtCache(tx)
	sw := &stepWalk{d: d, r: d.incidentReader(q, incident), inc: inc, incident: incident}
	if sw.chk, err = d.startPass(ctx, tx, sw.r, inc, incident, true); err != nil {
		return sw, err
	}
	sw.win = sw.chk.win
	defer sw.chk.stop()
	ws, err := sw.start(ctx)
	if err != nil {
		return sw, err
	}
	query := walkStarts
	if sw.win != nil {
		query = walkStartSeqs
	}
	starts, err := sw.r.QueryContext(ctx, query, inc)
	if err != nil {
		return sw, d.fail(err)
	}
	defer starts.Close()
	w := &walk{sw: sw, starts: starts, steps: map[string]*model.Step{}, decided: map[string]string{}, changes: inTimeOrder(ws.StatusChanges)}
	if err := w.run(ctx, fn); err != nil {
		return sw, err
	}
	// Held as findings' walk is: the Timesketch and OCSF exports left
	// out a deleted decision's line, exit 0 (a hostile review).
	return sw, sw.end(ctx)
}

type walk struct {
	sw      *stepWalk
	starts  *sql.Rows // the steps not read yet, in step order
	ahead   model.Cursor
	done    bool // starts is read to its end
	steps   map[string]*model.Step
	order   []string             // subjects in steps, oldest first
	decided map[string]string    // decision id -> subject, for the kept steps
	changes []model.StatusChange // the status changes not handed out yet, in time order
}

// inTimeOrder sorts status changes, read in the order they were recorded,
// by time: the order in which the latest is the one in force.
func inTimeOrder(changes []model.StatusChange) []model.StatusChange {
	slices.SortStableFunc(changes, func(a, b model.StatusChange) int { return a.At.Compare(b.At) })
	return changes
}

// statusBefore hands fn the status changes timed before t, or all that
// are left when t is zero: a change comes after the records of its moment.
func (w *walk) statusBefore(t time.Time, fn func(model.TimelineRecord) error) error {
	for len(w.changes) > 0 && (t.IsZero() || w.changes[0].At.Before(t)) {
		c := w.changes[0]
		w.changes = w.changes[1:]
		if err := fn(model.TimelineRecord{Status: &c}); err != nil {
			return err
		}
	}
	return nil
}

func (w *walk) run(ctx context.Context, fn func(model.TimelineRecord) error) error {
	d, inc := w.sw.d, w.sw.inc
	events, err := w.sw.r.QueryContext(ctx, walkEvents, inc)
	if err != nil {
		return d.fail(err)
	}
	defer events.Close()
	reviews, err := w.sw.r.QueryContext(ctx, walkReviews, inc)
	if err != nil {
		return d.fail(err)
	}
	defer reviews.Close()
	ev, err := w.nextEvent(ctx, events)
	if err != nil {
		return err
	}
	rv, err := w.nextReview(ctx, reviews)
	if err != nil {
		return err
	}
	for ev != nil || rv != nil {
		var rec *model.TimelineRecord
		if rv == nil || (ev != nil && !ev.At().After(rv.At())) {
			rec = ev
			ev, err = w.nextEvent(ctx, events)
		} else {
			rec = rv
			rv, err = w.nextReview(ctx, reviews)
		}
		if err != nil {
			return err
		}
		if err := w.statusBefore(rec.At(), fn); err != nil {
			return err
		}
		if err := fn(*rec); err != nil {
			return err
		}
	}
	return w.statusBefore(time.Time{}, fn)
}

// nextEvent reads the next timeline row with its step, nil at the end.
func (w *walk) nextEvent(ctx context.Context, rows *sql.Rows) (*model.TimelineRecord, error) {
	d := w.sw.d
	if !rows.Next() {
		return nil, d.fail(rows.Err())
	}
	var kind, id, suggestion, decision string
	var seq, at int64
	var payload string
	if err := rows.Scan(&seq, &payload, &kind, &id, &suggestion, &decision, &at); err != nil {
		return nil, d.fail(err)
	}
	entry, err := w.sw.checked(ctx, seq, payload)
	if err != nil {
		return nil, d.fail(err)
	}
	rec := &model.TimelineRecord{}
	if kind == string(model.KindEvidence) {
		rec.Evidence = &model.Evidence{}
		if err := decodeEntry(&entry, rec.Evidence); err != nil {
			return nil, d.fail(err)
		}
		rec.Evidence.Normalize()
		if rec.Evidence.ID != id {
			return w.misread(ctx, rows, seq, id)
		}
		return rec, nil
	}
	subject, err := w.subject(ctx, model.EventKind(kind), id, suggestion, decision)
	if err != nil {
		return nil, err
	}
	if subject != "" {
		if rec.Step, err = w.step(ctx, subject, time.Unix(0, at)); err != nil {
			return nil, err
		}
		// The step holds its events decoded already, from the same entries.
		if e := stepEvent(rec.Step, id); e != nil {
			ev := *e
			rec.Event = &ev
			return rec, nil
		}
	}
	if entry.Payload == "" { // an event of a step, without its step
		if err := w.sw.r.QueryRowContext(ctx, entryPayload, seq).Scan(&entry.Payload); err != nil {
			return nil, d.fail(err)
		}
	}
	rec.Event = &model.Event{}
	if err := decodeEntry(&entry, rec.Event); err != nil {
		return nil, d.fail(err)
	}
	rec.Event.Normalize()
	if rec.Event.ID != id || string(rec.Event.Kind) != kind {
		return w.misread(ctx, rows, seq, id)
	}
	return rec, nil
}

// misread notes that the timeline row id points at an entry that is not
// its record (rows moved outside signoff onto other entries, whose
// payloads decode as whatever they hold), and goes on to the next row:
// handed on, such a record had no kind for the exports to name.
func (w *walk) misread(ctx context.Context, rows *sql.Rows, seq int64, id string) (*model.TimelineRecord, error) {
	f := chain.Fault{Seq: seq, Table: "events", Subject: id, Reason: "its timeline row points at an entry that is not its record"}
	w.sw.r.note(f)
	return w.nextEvent(ctx, rows)
}

// stepEvent finds event id among a step's suggestion, decisions and
// executions.
func stepEvent(s *model.Step, id string) *model.Event {
	if s == nil {
		return nil // no step found for its subject (rows moved outside signoff)
	}
	if s.Suggestion != nil && s.Suggestion.ID == id {
		return s.Suggestion
	}
	for _, list := range [][]model.Event{s.Decisions, s.Executions} {
		for i := range list {
			if list[i].ID == id {
				return &list[i]
			}
		}
	}
	return nil
}

func (w *walk) nextReview(ctx context.Context, rows *sql.Rows) (*model.TimelineRecord, error) {
	d := w.sw.d
	rec := &model.TimelineRecord{Review: &model.Review{}}
	var entry readEntry
	for {
		if !rows.Next() {
			return nil, d.fail(rows.Err())
		}
		var err error
		if entry, err = w.sw.entry(ctx, rows); err != nil {
			return nil, d.fail(err)
		}
		// A verdict's row moved onto another entry is noted and left out.
		if w.sw.ofRow(&entry, rec.Review) {
			break
		}
	}
	if err := decodeEntry(&entry, rec.Review); err != nil {
		return nil, d.fail(err)
	}
	rec.Review.Normalize()
	var err error
	rec.Step, err = w.step(ctx, rec.Review.Subject, rec.Review.At)
	return rec, err
}

// subject is the review subject of an event (as subjectOf), "" for events
// outside any step; an execution of a decision is found through the
// decision, which the kept steps usually hold.
func (w *walk) subject(ctx context.Context, kind model.EventKind, id, suggestion, decision string) (string, error) {
	switch kind {
	case model.KindSuggestion:
		return id, nil
	case model.KindDecision:
		if suggestion != "" {
			return suggestion, nil
		}
		return id, nil
	case model.KindExecution:
		if suggestion != "" {
			return suggestion, nil
		}
		if subject, ok := w.decided[decision]; ok {
			return subject, nil
		}
		var subject string
		err := w.sw.r.QueryRowContext(ctx, decisionSubject, w.sw.inc, decision).Scan(&subject)
		if err == sql.ErrNoRows {
			return "", nil
		}
		return subject, w.sw.d.fail(err)
	}
	return "", nil
}

// step returns the step of subject for a record at the moment at: a kept
// one, else the batches ahead are read while they start no later than
// the record (a step starts no later than its records), else it is read
// alone.
func (w *walk) step(ctx context.Context, subject string, at time.Time) (*model.Step, error) {
	for {
		if s, ok := w.steps[subject]; ok {
			return s, nil
		}
		if w.done || w.ahead.At.After(at) {
			break
		}
		batch, mark, err := w.sw.nextStarts(ctx, w.starts, stepBatch)
		if err != nil {
			return nil, err
		}
		if w.sw.win != nil {
			// The batch's evidence is read here too, right after its steps.
			w.sw.win.mark(evidenceMark, mark)
		}
		if len(batch) == 0 {
			w.done = true
			break
		}
		w.ahead = model.Cursor{At: batch[len(batch)-1].At, ID: batch[len(batch)-1].ID}
		if err := w.keep(ctx, batch); err != nil {
			return nil, err
		}
	}
	entry, err := w.sw.entry(ctx, w.sw.r.QueryRowContext(ctx, stepStart, w.sw.inc, subject))
	if err == sql.ErrNoRows {
		// Every step of an intact record has a row beginning it: this
		// one's starts flag, or a record's row naming it, was changed.
		w.sw.r.note(chain.Fault{Table: "events", Subject: subject,
			Reason: "records of this step were read, but no row begins it (a row's starts flag, suggestion or decision was changed), so the rows were altered"})
		return nil, nil
	}
	if err != nil {
		return nil, w.sw.d.fail(err)
	}
	var first model.Event
	if !w.sw.ofRow(&entry, &first) {
		return nil, nil // its row points at another entry: no step found
	}
	if err := decodeEntry(&entry, &first); err != nil {
		return nil, w.sw.d.fail(err)
	}
	first.Normalize()
	if err := w.keep(ctx, []model.Event{first}); err != nil {
		return nil, err
	}
	return w.steps[subject], nil
}

// keep reads the steps a batch of starts begins and keeps them, letting
// the oldest go.
func (w *walk) keep(ctx context.Context, starts []model.Event) error {
	steps, err := w.sw.load(ctx, starts)
	if err != nil {
		return err
	}
	for _, s := range steps {
		if len(w.order) == walkSteps {
			old := w.steps[w.order[0]]
			for _, dec := range old.Decisions {
				delete(w.decided, dec.ID)
			}
			delete(w.steps, old.Subject)
			w.order = w.order[1:]
		}
		w.steps[s.Subject], w.order = s, append(w.order, s.Subject)
		for _, dec := range s.Decisions {
			w.decided[dec.ID] = s.Subject
		}
	}
	return nil
}

// stmtCache is a querier that prepares each query once on its
// transaction: a walk runs the same few step queries hundreds of thousands
// of times, and preparing is much of a small query's cost. The
// transaction closes the statements when it ends (see writer.stmt for why
// nothing else may).
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache { return &stmtCache{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (c *stmtCache) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

func (c *stmtCache) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.stmt(ctx, query)
	if err != nil {
		// A failed prepare surfaces at Scan, as a failed query would.
		return c.tx.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

func (c *stmtCache) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}
