package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/signoff/signoff/model"
)

// The walk reads the timeline and the verdicts each in time order, on
// their indexes, and merges the two: nothing is sorted in memory.
// Every entry the walk goes through is checked as it is read
// (read_check.go).
const (
	walkEvents = `SELECT ` + entryColumns + `, e.kind, e.id, coalesce(e.suggestion, ''), coalesce(e.decision, '')
		FROM events e JOIN chain c ON c.seq = e.seq WHERE e.inc = ? ORDER BY e.at, e.id`
	walkReviews = `SELECT ` + entryColumns + ` FROM reviews r JOIN chain c ON c.seq = r.seq
		WHERE r.inc = ? ORDER BY r.at, r.seq`
	decisionSubject = `SELECT coalesce(suggestion, id) FROM events WHERE inc = ? AND id = ? AND kind = 'decision'`
)

// walkSteps is how many steps a walk keeps: a step's records sit close
// together in time, so each is read about once while memory stays bounded.
const walkSteps = 4096

// EachRecord walks an incident's records in time order on one read
// transaction (model.RecordWalker). Each record of a step comes with the
// step, read through the same queries as Step on statements prepared once
// for the walk.
func (d *DB) EachRecord(ctx context.Context, incident string, fn func(model.TimelineRecord) error) error {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	w := &walk{d: d, q: newStmtCache(tx), inc: inc, incident: incident, steps: map[string]*model.Step{}, decided: map[string]string{}}
	w.r = d.reader(w.q)
	defer w.q.close()
	return w.run(ctx, fn)
}

type walk struct {
	d        *DB
	q        *stmtCache
	r        *reader // w.q, checking the entries read
	inc      int64
	incident string
	steps    map[string]*model.Step
	order    []string          // subjects in steps, oldest first
	decided  map[string]string // decision id -> subject, for the kept steps
}

func (w *walk) run(ctx context.Context, fn func(model.TimelineRecord) error) error {
	events, err := w.q.QueryContext(ctx, walkEvents, w.inc)
	if err != nil {
		return w.d.fail(err)
	}
	defer events.Close()
	reviews, err := w.q.QueryContext(ctx, walkReviews, w.inc)
	if err != nil {
		return w.d.fail(err)
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
		if err := fn(*rec); err != nil {
			return err
		}
	}
	return nil
}

// nextEvent reads the next timeline row with its step, nil at the end.
func (w *walk) nextEvent(ctx context.Context, rows *sql.Rows) (*model.TimelineRecord, error) {
	if !rows.Next() {
		return nil, w.d.fail(rows.Err())
	}
	var kind, id, suggestion, decision string
	entry, err := scanEntry(rows, &kind, &id, &suggestion, &decision)
	if err != nil {
		return nil, w.d.fail(err)
	}
	w.r.check(&entry)
	payload := []byte(entry.Payload)
	rec := &model.TimelineRecord{}
	if kind == string(model.KindEvidence) {
		rec.Evidence = &model.Evidence{}
		return rec, w.d.fail(json.Unmarshal(payload, rec.Evidence))
	}
	subject, err := w.subject(ctx, model.EventKind(kind), id, suggestion, decision)
	if err != nil {
		return nil, err
	}
	if subject != "" {
		if rec.Step, err = w.step(ctx, subject); err != nil {
			return nil, err
		}
		// The step holds its events decoded already.
		if e := stepEvent(rec.Step, id); e != nil {
			ev := *e
			rec.Event = &ev
			return rec, nil
		}
	}
	rec.Event = &model.Event{}
	return rec, w.d.fail(json.Unmarshal(payload, rec.Event))
}

// stepEvent finds event id among a step's suggestion, decisions and
// executions.
func stepEvent(s *model.Step, id string) *model.Event {
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
	if !rows.Next() {
		return nil, w.d.fail(rows.Err())
	}
	entry, err := scanEntry(rows)
	if err != nil {
		return nil, w.d.fail(err)
	}
	w.r.check(&entry)
	rec := &model.TimelineRecord{Review: &model.Review{}}
	if err := unmarshalPayload(entry.Payload, rec.Review); err != nil {
		return nil, w.d.fail(err)
	}
	rec.Step, err = w.step(ctx, rec.Review.Subject)
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
		err := w.q.QueryRowContext(ctx, decisionSubject, w.inc, decision).Scan(&subject)
		if err == sql.ErrNoRows {
			return "", nil
		}
		return subject, w.d.fail(err)
	}
	return "", nil
}

// step returns the step of subject, reading it when it is not kept.
func (w *walk) step(ctx context.Context, subject string) (*model.Step, error) {
	if s, ok := w.steps[subject]; ok {
		return s, nil
	}
	s := &model.Step{Subject: subject, Incident: w.incident}
	if _, err := loadStepRecords(ctx, w.r, w.inc, s); err != nil {
		return nil, w.d.fail(err)
	}
	if err := findingsEvidence(ctx, w.r, w.inc, s); err != nil {
		return nil, w.d.fail(err)
	}
	if len(w.order) == walkSteps {
		old := w.steps[w.order[0]]
		for _, dec := range old.Decisions {
			delete(w.decided, dec.ID)
		}
		delete(w.steps, old.Subject)
		w.order = w.order[1:]
	}
	w.steps[subject], w.order = s, append(w.order, subject)
	for _, dec := range s.Decisions {
		w.decided[dec.ID] = subject
	}
	return s, nil
}

// findingsEvidence fills a walked step's evidence with what the rules
// read: the records its events cite or review, and for each execution the
// last record for its target before it and the first from its moment on.
// The records the review pane shows around the step are left out; a walk
// reads every step, and they were most of its time.
func findingsEvidence(ctx context.Context, q *reader, inc int64, step *model.Step) error {
	byID := map[string]model.Evidence{}
	add := func(found []model.Evidence) {
		for _, e := range found {
			byID[e.ID] = e
		}
	}
	for _, id := range step.CitedEvidence() {
		if _, ok := byID[id]; ok {
			continue
		}
		found, err := records[model.Evidence](ctx, q, evidenceByID, inc, id)
		if err != nil {
			return err
		}
		add(found)
	}
	for i := range step.Executions {
		x := &step.Executions[i]
		if a := step.ActionOf(step.DecisionOf(x)); a != nil && a.Target != "" {
			if err := addAround(ctx, q, inc, a.Target, x.At, 1, add); err != nil {
				return err
			}
		}
	}
	step.Evidence = make([]model.Evidence, 0, len(byID))
	for _, e := range byID {
		step.Evidence = append(step.Evidence, e)
	}
	model.SortEvidence(step.Evidence)
	return nil
}

// stmtCache is a querier that prepares each query once on its
// transaction: a walk runs the same few step queries hundreds of thousands
// of times, and preparing is much of a small query's cost.
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

func (c *stmtCache) close() {
	for _, s := range c.stmts {
		s.Close()
	}
}
