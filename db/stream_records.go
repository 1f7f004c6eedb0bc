package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// incident finishes the incident being read, if any, and starts the one
// this line describes: from here on references resolve within it only.
func (s *stream) incident(ctx context.Context, i *model.Incident) error {
	if err := s.finish(ctx); err != nil {
		return err
	}
	s.res, s.header, s.headerLine, s.deferred, s.new = model.ImportResult{Incident: i.ID}, *i, s.line, nil, nil
	s.agentLines = map[string]int{}
	s.closeRefs()
	s.refs = newStreamRefs(s.w.tx)
	seq, err := incidentSeq(ctx, s.w.tx, i.ID)
	if err != nil {
		return s.fail(err)
	}
	s.from = s.w.seq + 1
	if seq != 0 && s.document {
		return model.Errorf(model.ECONFLICT, "%s: incident %s already exists in the database; import a record stream (.ndjson) to add records to it", s.name, i.ID)
	}
	if seq == 0 {
		if err := s.claimIncident(ctx, i.ID); err != nil {
			return err
		}
		s.res.Created, s.new = true, newTally()
		if err := s.w.incident(ctx, i); err != nil {
			return s.fail(err)
		}
		s.refs.inc = s.w.inc
		return nil
	}
	if err := s.sameIncident(ctx, seq, i); err != nil {
		return err
	}
	s.w.inc, s.w.incID, s.refs.inc = seq, i.ID, seq
	return s.refs.load(ctx)
}

// sameIncident refuses a stream whose incident line differs from the stored
// incident: a stream adds records, it does not rewrite the incident.
func (s *stream) sameIncident(ctx context.Context, seq int64, i *model.Incident) error {
	var payload string
	if err := s.w.tx.QueryRowContext(ctx, "SELECT payload FROM chain WHERE seq = ?", seq).Scan(&payload); err != nil {
		return s.fail(err)
	}
	var stored model.Incident
	if err := json.Unmarshal([]byte(payload), &stored); err != nil {
		return s.fail(err)
	}
	if field := format.FirstDifference(stored, *i); field != "" {
		return model.Errorf(model.ECONFLICT, "%s line %d: incident %s already exists with a different %q; a stream can only add records to it", s.name, s.line, i.ID, field)
	}
	return nil
}

func (s *stream) person(ctx context.Context, p *parsed, v *model.Person) error {
	if _, dup := s.refs.people[v.ID]; dup && s.document {
		return s.documentProblem("person %s appears twice", v.ID)
	}
	if err := s.refs.claimWho(s.name, s.line, "person", v.ID, v.Name); err != nil {
		return err
	}
	if err := s.keyed(ctx, p, "INSERT INTO people (seq, inc, id) VALUES (?, ?, ?)", v.ID); err != nil {
		return err
	}
	s.refs.people[v.ID] = true
	s.res.Add("people")
	return nil
}

func (s *stream) agent(ctx context.Context, p *parsed, a *model.Agent) error {
	if s.document {
		if s.refs.HasAgent(a.ID) || s.refs.HasPerson(a.ID) {
			return s.documentProblem("agent %s: the id is already used by another agent or a person", a.ID)
		}
	}
	s.agentLines[a.ID] = s.line
	if err := s.refs.claimWho(s.name, s.line, "agent", a.ID, a.Name); err != nil {
		return err
	}
	if err := s.keyed(ctx, p, "INSERT INTO agents (seq, inc, id) VALUES (?, ?, ?)", a.ID); err != nil {
		return err
	}
	s.refs.agents[a.ID] = true
	s.res.Add("agents")
	n := len(s.deferred)
	err := s.check(a.CheckRefs)
	if len(s.deferred) > n {
		s.deferred[n].agent = true
	}
	return err
}

func (s *stream) asset(ctx context.Context, p *parsed, a *model.Asset) error {
	if _, dup := s.refs.assets[a.ID]; dup {
		if s.document {
			return s.documentProblem("asset %s appears twice", a.ID)
		}
		return s.duplicate(s.line, "asset", a.ID, s.refs.assets[a.ID])
	}
	if err := s.keyed(ctx, p, "INSERT INTO assets (seq, inc, id) VALUES (?, ?, ?)", a.ID); err != nil {
		return err
	}
	s.refs.assets[a.ID] = true
	s.res.Add("assets")
	return s.check(a.CheckRefs)
}

// keyed writes a roster record (person, agent, asset) at once: there are
// few, and the references of later records are checked against the table.
func (s *stream) keyed(ctx context.Context, p *parsed, insert, id string) error {
	seq := s.w.queue(p.kind, id, p.rec.payload, p.rec.tail)
	s.queued()
	if err := s.flush(ctx); err != nil {
		return err
	}
	return s.fail(s.w.exec(ctx, insert, seq, s.w.inc, id))
}

func (s *stream) evidence(ctx context.Context, p *parsed, e *model.Evidence) error {
	if err := s.takesGateID("evidence", e.ID); err != nil {
		return err
	}
	s.timeline(p, "evidence", e.ID)
	s.refs.seen(e.ID, model.KindEvidence, "")
	s.res.Add("evidence")
	if err := s.check(e.CheckRefs); err != nil {
		return err
	}
	return s.flushFull(ctx)
}

func (s *stream) event(ctx context.Context, p *parsed, e *model.Event) error {
	if err := s.speaksForGate(e); err != nil {
		return err
	}
	if err := s.takesGateID(string(e.Kind), e.ID); err != nil {
		return err
	}
	if err := s.pinsGatePolicy(e); err != nil {
		return err
	}
	s.timeline(p, "event", e.ID)
	s.refs.seen(e.ID, e.Kind, e.Suggestion)
	s.res.Add("events")
	if err := s.check(e.CheckRefs); err != nil {
		return err
	}
	return s.flushFull(ctx)
}

// timeline queues the entry and the timeline row of an event or evidence.
func (s *stream) timeline(p *parsed, what, id string) {
	seq := s.w.queue(p.kind, id, p.rec.payload, p.rec.tail)
	s.queued()
	s.w.pending.events = append(s.w.pending.events, pendingEvent{seq: seq, row: p.rec.row, line: s.line, what: what})
	if s.new != nil {
		s.new.row(&p.rec.row)
	}
}

const reviewedQuery = "SELECT count(*) FROM reviews WHERE inc = ? AND subject = ? AND reviewer = ? AND at = ?"

func (s *stream) review(ctx context.Context, p *parsed, r *model.Review) error {
	if s.document {
		// A document's incident is new: no review of it is recorded
		// yet, and a document may repeat a verdict (it always could).
		return s.queueReview(ctx, p, r)
	}
	if s.new != nil && s.new.firstVerdict(r) {
		// Every verdict of a new incident is in this stream, and this
		// one is not among those written before.
		return s.queueReview(ctx, p, r)
	}
	recorded := false
	for _, q := range s.w.pending.reviews {
		recorded = recorded || (q.review.Subject == r.Subject && q.review.Reviewer == r.Reviewer && q.review.At.Equal(r.At))
	}
	if !recorded {
		st, err := s.w.stmt(ctx, reviewedQuery)
		if err != nil {
			return s.fail(err)
		}
		var n int
		if err := st.QueryRowContext(ctx, s.w.inc, r.Subject, r.Reviewer, r.At.UnixNano()).Scan(&n); err != nil {
			return s.fail(err)
		}
		recorded = n > 0
	}
	if recorded {
		return s.reviewRecorded(r)
	}
	return s.queueReview(ctx, p, r)
}

func (s *stream) reviewRecorded(r *model.Review) error {
	return model.Errorf(model.ECONFLICT, "%s line %d: the review of %s by %s at %s is already recorded", s.name, s.line, r.Subject, r.Reviewer, r.At.Format("2006-01-02T15:04:05Z07:00"))
}

func (s *stream) queueReview(ctx context.Context, p *parsed, r *model.Review) error {
	seq := s.w.queue(p.kind, r.Subject, p.rec.payload, p.rec.tail)
	s.queued()
	s.w.pending.reviews = append(s.w.pending.reviews, pendingReview{seq: seq, review: r})
	s.res.Add("reviews")
	if err := s.check(r.CheckRefs); err != nil {
		return err
	}
	return s.flushFull(ctx)
}

// status writes a status change at once: there are few, and a feed that
// sends one twice must be told, not recorded twice. A change may close an
// incident with work still pending; that is recorded (the feed reports
// what happened) and the closed-with-pending finding says so.
func (s *stream) status(ctx context.Context, p *parsed, c *model.StatusChange) error {
	var seq int64
	err := s.w.tx.QueryRowContext(ctx, "SELECT seq FROM status_changes WHERE inc = ? AND id = ?", s.w.inc, c.ID).Scan(&seq)
	switch {
	case err == nil && s.document:
		return s.documentProblem("status change %s appears twice", c.ID)
	case err == nil:
		return s.duplicate(s.line, "status change", c.ID, seq >= s.from)
	case err != sql.ErrNoRows:
		return s.fail(err)
	}
	seq = s.w.queue(p.kind, c.ID, p.rec.payload, p.rec.tail)
	s.queued()
	if err := s.flush(ctx); err != nil {
		return err
	}
	if err := s.w.exec(ctx, insertStatus, seq, s.w.inc, c.ID, string(c.Status), c.By, c.At.UnixNano()); err != nil {
		return s.fail(err)
	}
	s.res.Add("status changes")
	return s.check(c.CheckRefs)
}

// check runs a record's reference check now; when it fails the record may
// point forward, so only its seq and line are kept to check again at the end.
func (s *stream) check(checkRefs func(model.Refs) error) error {
	if err := checkRefs(s.refs); err != nil {
		if s.refs.err != nil {
			return s.fail(s.refs.err)
		}
		s.deferred = append(s.deferred, deferredRef{seq: s.w.seq, line: s.line})
	}
	return nil
}

func (s *stream) flushFull(ctx context.Context) error {
	if !s.w.pending.full() {
		return nil
	}
	return s.flush(ctx)
}

// flush inserts the pending entries and rows; a timeline id already taken
// is refused naming the line of the record that took it again, any other
// refusal naming the lines the rows came from.
func (s *stream) flush(ctx context.Context) error {
	from := s.batchFrom
	s.batchFrom = 0
	err := s.w.flush(ctx)
	var c *rowConflict
	if !errors.As(err, &c) {
		if err != nil && from != 0 && from != s.line {
			return s.failAt(err, fmt.Sprintf("%s lines %d to %d", s.name, from, s.line))
		}
		return s.fail(err)
	}
	var seq int64
	if qerr := s.w.tx.QueryRowContext(ctx, "SELECT seq FROM events WHERE inc = ? AND id = ?", s.w.inc, c.row.row.ID).Scan(&seq); qerr != nil {
		return s.fail(qerr)
	}
	return s.duplicate(c.row.line, c.row.what, c.row.row.ID, seq >= s.from)
}

// queued notes that the record being read queued rows for the next flush.
func (s *stream) queued() {
	if s.batchFrom == 0 {
		s.batchFrom = s.line
	}
}

// fail translates an error the database returned while the record being
// read was written, naming the file and line.
func (s *stream) fail(err error) error {
	return s.failAt(err, fmt.Sprintf("%s line %d", s.name, s.line))
}

// failAt translates an error the database returned, naming where in the
// file (at) it was met, and notes that the transaction is lost: a
// PostgreSQL transaction refuses every statement after one that failed,
// so nothing more is sent, and this first error is the one reported.
func (s *stream) failAt(err error, at string) error {
	if err == nil {
		return nil
	}
	s.lost = true
	err = s.d.fail(err)
	var me *model.Error
	if errors.As(err, &me) {
		return &model.Error{Code: me.Code, Message: at + ": " + me.Message}
	}
	return fmt.Errorf("%s: %w", at, err)
}

// duplicate refuses an id used before: earlier in this stream (EINVALID) or
// already in the database (ECONFLICT: a stream adds new records only).
func (s *stream) duplicate(line int, what, id string, inStream bool) error {
	if s.document {
		// As model.Document.Check words it: evidence comes first in a
		// document, so an event is the one that takes an id again.
		msg := fmt.Sprintf("event %s: the id is already used by another event or evidence record", id)
		if what == "evidence" {
			msg = fmt.Sprintf("evidence %s appears twice", id)
		}
		return format.ErrorAt(s.name, line, 0, msg)
	}
	if inStream {
		return format.ErrorAt(s.name, line, 0, fmt.Sprintf("%s %s: the id is already used by an earlier record of this stream", what, id))
	}
	return model.Errorf(model.ECONFLICT, "%s line %d: %s %s already exists in incident %s; a stream adds new records only", s.name, line, what, id, s.res.Incident)
}

// finish ends the incident being read (if any): it checks what could only
// be checked with all its records read (forward references, agent chains,
// the commander, verdict subjects) and refreshes its trust-metric facts.
func (s *stream) finish(ctx context.Context) error {
	if s.res.Incident == "" {
		return nil
	}
	if err := s.flush(ctx); err != nil {
		return err
	}
	if s.document {
		if err := s.finishDocument(ctx); err != nil {
			return err
		}
	} else if err := s.checkWhole(ctx); err != nil {
		return err
	}
	if err := s.checkLaterTimes(ctx); err != nil {
		return err
	}
	refresh := func() error { return s.d.refreshFacts(ctx, s.w.tx, s.w.inc, s.from) }
	if s.new != nil {
		refresh = func() error { return s.d.refreshNewIncident(ctx, s.w.tx, s.w.inc, s.new) }
	}
	if err := refresh(); err != nil {
		return s.failAt(err, fmt.Sprintf("%s, incident %s", s.name, s.res.Incident))
	}
	s.done = append(s.done, s.res)
	s.res = model.ImportResult{}
	return nil
}

// checkWhole checks a stream's incident once all its records are read.
func (s *stream) checkWhole(ctx context.Context) error {
	for _, d := range s.deferred {
		if err := s.recheck(ctx, d); err != nil {
			return err
		}
	}
	if s.res.Created {
		if err := s.header.CheckRefs(s.refs); err != nil {
			return format.InFile(s.name, s.headerLine, err)
		}
	}
	if s.res.Counts["agents"] > 0 {
		if line, err := s.agentLoop(ctx); err != nil {
			return format.InFile(s.name, line, err)
		}
	}
	return nil
}

// agentLoop finds the first agent of the incident, in the order written,
// whose parent chain loops, and the line it was read on. Only agents of
// this file can loop: a stored agent's chain was whole when it came.
func (s *stream) agentLoop(ctx context.Context) (int, error) {
	agents, err := loadAgents(ctx, s.d.reader(s.w.tx), s.w.inc)
	if err != nil {
		return 0, s.failAt(err, fmt.Sprintf("%s, incident %s", s.name, s.res.Incident))
	}
	i, err := model.AgentLoop(agents)
	if err != nil {
		return s.agentLines[agents[i].ID], err
	}
	return 0, nil
}

func (s *stream) recheck(ctx context.Context, d deferredRef) error {
	var kind, payload string
	if err := s.w.tx.QueryRowContext(ctx, "SELECT kind, payload FROM chain WHERE seq = ?", d.seq).Scan(&kind, &payload); err != nil {
		return s.failAt(err, fmt.Sprintf("%s line %d", s.name, d.line))
	}
	var err error
	switch kind {
	case recAgent:
		err = checkRefsOf[model.Agent](payload, s.refs)
	case recAsset:
		err = checkRefsOf[model.Asset](payload, s.refs)
	case recEvidence:
		err = checkRefsOf[model.Evidence](payload, s.refs)
	case recEvent:
		err = checkRefsOf[model.Event](payload, s.refs)
	case recReview:
		err = checkRefsOf[model.Review](payload, s.refs)
	case recStatus:
		err = checkRefsOf[model.StatusChange](payload, s.refs)
	}
	if s.refs.err != nil {
		return s.failAt(s.refs.err, fmt.Sprintf("%s line %d", s.name, d.line))
	}
	return format.InFile(s.name, d.line, err)
}

// checkRefsOf decodes a stored payload and checks the ids it names.
func checkRefsOf[T any, P interface {
	*T
	CheckRefs(model.Refs) error
}](payload string, refs model.Refs) error {
	var v T
	if err := json.Unmarshal([]byte(payload), &v); err != nil {
		return err
	}
	return P(&v).CheckRefs(refs)
}

func loadAgents(ctx context.Context, q *reader, inc int64) ([]model.Agent, error) {
	return records[model.Agent](ctx, q, agentRows, inc)
}
