package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/gate"
)

// recApproval is the chain kind of a first approval (queue_approvals).
const recApproval = "approval"

// Decide decides a pending suggestion as req.Person. The state is read and
// check applied inside one write transaction, which begins IMMEDIATE, so no
// other writer can slip in between: of several people deciding at once,
// exactly one succeeds and the others are told who did. A refusal writes
// nothing.
func (d *DB) Decide(ctx context.Context, req model.DecideRequest, check model.DecisionCheck) (model.DecideResult, error) {
	res := model.DecideResult{Incident: req.Incident, Suggestion: req.Suggestion}
	if err := req.Validate(); err != nil {
		return res, err
	}
	tx, inc, err := d.writeIncident(ctx, req.Incident)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	w, err := d.newWriter(ctx, tx, req.Person, d.now())
	if err != nil {
		return res, d.fail(err)
	}
	w.inc, w.incID = inc, req.Incident
	state, err := d.decisionState(ctx, tx, inc, req)
	if err != nil {
		return res, err
	}
	state.Now = w.at
	plan, err := check(state)
	if err != nil {
		return res, err
	}
	res.Tier = plan.Tier
	switch {
	case plan.FirstApproval != nil:
		fa := plan.FirstApproval
		if res.Seq, err = w.entry(ctx, recApproval, req.Suggestion, fa); err != nil {
			return res, d.fail(err)
		}
		err = w.exec(ctx, "INSERT INTO queue_approvals (seq, inc, suggestion, person, at) VALUES (?, ?, ?, ?, ?)",
			res.Seq, inc, req.Suggestion, fa.By, fa.At.UnixNano())
		res.Awaiting, res.FirstApproval = true, fa
	case plan.Decision != nil:
		dec := plan.Decision
		if err := dec.Validate(); err != nil {
			return res, err
		}
		if err := d.refuseTakenMark(ctx, tx, inc, req.Incident, req.Suggestion); err != nil {
			return res, err
		}
		if err = w.eventAs(ctx, recQueued, dec); err != nil {
			return res, d.fail(err)
		}
		res.Seq, res.Decision = w.seq, dec
		err = w.exec(ctx, "INSERT INTO queue_decisions (seq, inc, suggestion) VALUES (?, ?, ?)", w.seq, inc, req.Suggestion)
	default:
		return res, internal(errNoPlan)
	}
	if err != nil {
		return res, d.fail(err)
	}
	if res.HeldBy, err = d.heldByOther(ctx, tx, inc, req, w.at); err != nil {
		return res, d.fail(err)
	}
	// Recorded all the same: the record says what the person chose.
	if res.GateEnded, err = gateEndOf(ctx, d.reader(tx), inc, req.Suggestion); err != nil {
		return res, d.fail(err)
	}
	if res.Decision != nil {
		// A final decision changes where its suggestion stands in the metrics.
		if err := d.refreshFacts(ctx, tx, inc, res.Seq); err != nil {
			return res, d.fail(err)
		}
	}
	return res, d.fail(tx.Commit())
}

var errNoPlan = errors.New("the decision check allowed nothing to be written")

// decisionState reads what the rules need, inside the write transaction.
//
// A decision is made on what the record says: when the entries of the
// incident, the suggestion, its target, the person or what answered the
// suggestion before do not verify, it is refused (ETAMPERED) rather than
// made on what someone changed.
func (d *DB) decisionState(ctx context.Context, tx *sql.Tx, inc int64, req model.DecideRequest) (model.DecisionState, error) {
	s := model.DecisionState{Request: req}
	// Every record it judges is of the incident: an entry of another
	// incident, reached through a row moved from it, refuses the decision.
	r := d.incidentReader(tx, req.Incident)
	var err error
	// The rules judge the incident by the status in force.
	if s.Incident, _, err = incidentNow(ctx, r, inc); err != nil {
		return s, d.fail(err)
	}
	found, err := recordOf[model.Event](ctx, r, eventByID, inc, req.Suggestion)
	if err != nil {
		return s, d.fail(err)
	}
	if len(found) == 0 {
		return s, model.Errorf(model.ENOTFOUND, "incident %s has no event %s", req.Incident, req.Suggestion)
	}
	s.Suggestion = found[0]
	if s.Suggestion.Action != nil && s.Suggestion.Action.Target != "" {
		assets, err := recordOf[model.Asset](ctx, r, assetByID, inc, s.Suggestion.Action.Target)
		if err != nil {
			return s, d.fail(err)
		}
		if len(assets) > 0 {
			s.Target = &assets[0]
		}
	}
	people, err := recordOf[model.Person](ctx, r, personByID, inc, req.Person)
	if err != nil {
		return s, d.fail(err)
	}
	if len(people) > 0 {
		s.Person = &people[0]
	}
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM agents WHERE inc = ? AND id = ?)", inc, req.Person).Scan(&s.IsAgent); err != nil {
		return s, d.fail(err)
	}
	if s.Person == nil && !s.IsAgent {
		if err := d.actsAsLookAlike(ctx, tx, inc, req.Incident, req.Person); err != nil {
			return s, err
		}
	}
	if s.Decision, err = lastEvent(ctx, r, decisionsOf, inc, req.Suggestion); err != nil {
		return s, d.fail(err)
	}
	if s.Execution, err = lastEvent(ctx, r, executionsOfSuggestionOnly, inc, req.Suggestion); err != nil {
		return s, d.fail(err)
	}
	if s.FirstApproval, err = firstApprovalOf(ctx, r, inc, req.Suggestion); err != nil {
		return s, d.fail(err)
	}
	if fa := s.FirstApproval; fa != nil && fa.By != req.Person {
		s.FirstByAlike = alike.Same(fa.By, req.Person)
	}
	if _, gated := gate.EnvelopeOf(s.Suggestion.RawOutput); gated {
		notes, err := gateNotesIn(ctx, r, fmt.Sprintf("[%d]", inc))
		if err != nil {
			return s, d.fail(err)
		}
		_, s.GateEnded = notes[assetKey{inc, req.Suggestion}]
	}
	if err := r.refuse("no decision on " + req.Incident + "/" + req.Suggestion + " was recorded"); err != nil {
		return s, err
	}
	for _, id := range req.Evidence {
		ev, err := recordOf[model.Evidence](ctx, r, evidenceByID, inc, id)
		if err != nil {
			return s, d.fail(err)
		}
		if len(ev) == 0 {
			s.UnknownEvidence = append(s.UnknownEvidence, id)
		}
	}
	return s, nil
}

// "+ 0" keeps executionsOfSuggestionOnly on events_suggestion rather than
// walking the whole timeline through events_time (see step.go).
const (
	personByID                 = `SELECT ` + entryColumns + ` FROM people p JOIN chain c ON c.seq = p.seq WHERE p.inc = ?1 AND p.id = ?2`
	executionsOfSuggestionOnly = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.suggestion = ?2 AND e.kind = 'execution' ORDER BY e.at + 0, e.id`
)

// lastEvent returns the last event a query selects, or nil.
func lastEvent(ctx context.Context, q *reader, query string, args ...any) (*model.Event, error) {
	es, err := records[model.Event](ctx, q, query, args...)
	if err != nil || len(es) == 0 {
		return nil, err
	}
	return &es[len(es)-1], nil
}

// firstApprovalOf returns the latest first approval of a suggestion, or nil.
// Its entry must be an approval of that suggestion (recordOf): a row moved
// from another suggestion's approval made a critical action final on one
// more person's word.
func firstApprovalOf(ctx context.Context, q *reader, inc int64, suggestion string) (*model.PendingApproval, error) {
	found, err := recordOf[model.PendingApproval](ctx, q, `SELECT `+entryColumns+` FROM queue_approvals a JOIN chain c ON c.seq = a.seq
		WHERE a.inc = ? AND a.suggestion = ? ORDER BY a.seq DESC LIMIT 1`, inc, suggestion)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return &found[0], nil
}

// queuedSince finds the queue decisions after a seq: by their chain
// entries (kind queue-decision, migration 0010), so a deleted mark cannot
// take one out of the stream, and by the marks of those recorded before
// entries had that kind.
const queuedSince = `SELECT ` + entryColumns + ` FROM chain c WHERE c.seq IN (
		SELECT seq FROM chain WHERE kind = 'queue-decision' AND seq > ?1
		UNION SELECT seq FROM queue_decisions WHERE seq > ?1
		ORDER BY 1 LIMIT ?2)
	ORDER BY c.seq`

// DecisionsSince returns up to limit decisions made in the queue whose
// audit-chain seq is greater than since, in seq order. It never hands out
// a decision whose entry does not verify: the lines before it come with an
// ETAMPERED error naming it.
func (d *DB) DecisionsSince(ctx context.Context, since int64, limit int) ([]model.DecisionLine, error) {
	r := d.reader(d.sql)
	rows, err := d.sql.QueryContext(ctx, queuedSince, since, limit)
	if err != nil {
		return nil, d.fail(err)
	}
	defer rows.Close()
	var out []model.DecisionLine
	for rows.Next() {
		entry, err := scanEntry(rows)
		if err != nil {
			return nil, d.fail(err)
		}
		var e model.Event
		if r.check(&entry); len(r.faults) == 0 {
			err = decodeEntry(&entry, &e)
		}
		switch {
		case len(r.faults) > 0:
			return out, r.refuse("decisions stopped before entry " + strconv.FormatInt(entry.Seq, 10))
		case err != nil:
			return nil, d.fail(err)
		case e.Kind != model.KindDecision || entry.Subject != e.ID || e.ID != "D-"+e.Suggestion:
			// Only a mark outside the chain can name such an entry.
			return out, tampered("decisions stopped before entry "+strconv.FormatInt(entry.Seq, 10),
				chain.Fault{Seq: entry.Seq, Table: "queue_decisions", Subject: entry.Subject, Reason: "the queue decision marks no decision made in the queue, so it was inserted outside signoff"})
		}
		line := model.DecisionLine{Seq: entry.Seq, Incident: entry.Incident}
		line.Suggestion, line.Decision, line.Owner, line.Outcome = e.Suggestion, e.ID, e.Owner, e.Outcome
		line.Action, line.Approvals, line.At = e.Action, e.Approvals, e.At
		if line.Approvals == nil {
			line.Approvals = []model.Approval{}
		}
		out = append(out, line)
	}
	if err := rows.Err(); err != nil {
		return nil, d.fail(err)
	}
	rows.Close()
	if err := d.markGated(ctx, out); err != nil {
		return nil, err // a line left unmarked is never handed out
	}
	return out, nil
}

// markGated marks the lines whose suggestion came through the gate (its
// raw output is a gate envelope): the agent runs those calls through its
// gate, which may refuse a decision the queue recorded (one made after it
// told its agent no, one its policy or mapping does not run), so an
// executor must not run them too.
func (d *DB) markGated(ctx context.Context, lines []model.DecisionLine) error {
	for i := range lines {
		sug, err := d.Event(ctx, lines[i].Incident, lines[i].Suggestion)
		if err != nil {
			return err
		}
		_, lines[i].Gated = gate.EnvelopeOf(sug.RawOutput)
	}
	return nil
}
