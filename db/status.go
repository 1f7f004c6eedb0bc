package db

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/gate"
)

var _ model.StatusStore = (*DB)(nil)

// latestChangeSeq finds the change in force of incident i (the alias of
// the incidents table in the query it is used in): the latest by time,
// then by seq.
const latestChangeSeq = `(SELECT s.seq FROM status_changes s WHERE s.inc = i.seq ORDER BY s.at DESC, s.seq DESC LIMIT 1)`

// The status in force as a read of incidents (aliased i, their entries c)
// selects it after entryColumns: the seq of the change in force (0: none)
// and its status as the change's chain entry records it, so what a read
// filters on and shows is the record's, not a row's. The read then checks
// those entries (checkChanges, inForce).
const (
	inForceJoin    = ` LEFT JOIN status_changes sc ON sc.seq = ` + latestChangeSeq + ` LEFT JOIN chain scc ON scc.seq = sc.seq`
	inForceColumns = `coalesce(sc.seq, 0), coalesce(%[1]s, '')`
	inForceStatus  = `coalesce(%[1]s, %[2]s)`
)

// checkChanges checks the entries of the status changes in force of incs,
// and holds their rows to them (changesInForce).
func checkChanges(ctx context.Context, r *reader, incs ...openIncident) error {
	var seqs []int64
	for _, o := range incs {
		if o.change != 0 {
			seqs = append(seqs, o.change)
		}
	}
	_, _, err := changesInForce(ctx, r, seqs)
	return err
}

// changesInForce reads the status changes in force (by their seqs) in one
// query: each entry checked and decoded, by seq, and each row held to its
// entry, its id and time the record's. The change in force is chosen by
// the rows' times, and its status read from the entry the row points at:
// two changes' rows with their seqs swapped outside signoff showed an
// incident "contained" in the header, the picker and the incident list
// where the record says resolved, with no banner (a hostile review).
// undecoded is the first entry that is not a record, left out.
func changesInForce(ctx context.Context, r *reader, seqs []int64) (bySeq map[int64]model.StatusChange, undecoded, err error) {
	if len(seqs) == 0 {
		return nil, nil, nil
	}
	list, err := json.Marshal(seqs)
	if err != nil {
		return nil, nil, err
	}
	rows, err := r.QueryContext(ctx, r.d.sq.changeRowsBySeq, string(list))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	bySeq = make(map[int64]model.StatusChange, len(seqs))
	for rows.Next() {
		var id string
		var at int64
		e, err := scanEntry(rows, &id, &at)
		if err != nil {
			return nil, nil, err
		}
		r.check(&e)
		var c model.StatusChange
		if err := decodeEntry(&e, &c); err != nil {
			undecoded = cmp.Or(undecoded, err)
			continue
		}
		if c.ID != id || c.At.UnixNano() != at {
			r.note(chain.Fault{Seq: e.Seq, Table: "status_changes", Subject: id,
				Reason: fmt.Sprintf("the row of the status change in force points at the entry of another change (%s), so the rows were altered", model.Quote(c.ID))})
		}
		bySeq[e.Seq] = c
	}
	return bySeq, undecoded, rows.Err()
}

// inForce sets the status in force of each summary from the change with
// the seq beside it (0: none), reading, checking and holding the changes'
// entries in one query.
func inForce(ctx context.Context, r *reader, out []model.IncidentSummary, changes []int64) error {
	var seqs []int64
	for _, seq := range changes {
		if seq != 0 {
			seqs = append(seqs, seq)
		}
	}
	bySeq, undecoded, err := changesInForce(ctx, r, seqs)
	if err = cmp.Or(err, undecoded); err != nil {
		return err
	}
	for i, seq := range changes {
		if c, ok := bySeq[seq]; ok {
			out[i].SetStatusInForce(c.Status, c.By, c.At)
		}
	}
	return nil
}

// incidentNow reads an incident as recorded, with Status set to the status
// in force, and the change that set it (nil when none did).
func incidentNow(ctx context.Context, r *reader, inc int64) (model.Incident, *model.StatusChange, error) {
	var i model.Incident
	if err := payloadOf(ctx, r, inc, &i); err != nil {
		return i, nil, err
	}
	// Every change, the one in force chosen by the records' own times
	// (then the last recorded), not by the rows' (holdChanges).
	changes, err := records[model.StatusChange](ctx, r, statusRows, inc)
	if err != nil || len(changes) == 0 {
		return i, nil, err
	}
	last := 0
	for k := range changes {
		if !changes[k].At.Before(changes[last].At) {
			last = k
		}
	}
	i.Status = changes[last].Status
	return i, &changes[last], nil
}

// StatusHistory returns an incident's status changes in the order they
// were recorded.
func (d *DB) StatusHistory(ctx context.Context, incident string) ([]model.StatusChange, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	out, err := records[model.StatusChange](ctx, d.reader(tx), statusRows, inc)
	return out, d.fail(err)
}

// ChangeStatus changes an incident's status as req.Person. The state is
// read and check applied inside one write transaction (IMMEDIATE), so the
// pending work the check sees is the work the change closes over: the
// deferrals it plans and the change are written together or not at all.
func (d *DB) ChangeStatus(ctx context.Context, req model.StatusRequest, check model.StatusCheck) (model.StatusResult, error) {
	res := model.StatusResult{Incident: req.Incident}
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
	state, err := d.statusState(ctx, tx, inc, req, w.at)
	if err != nil {
		return res, err
	}
	plan, err := check(state)
	if err != nil {
		return res, err
	}
	res.Previous = state.Current
	ended := map[string]bool{}
	for _, p := range state.Pending {
		ended[p.ID] = p.GateEnded
	}
	from := int64(0)
	for i := range plan.Deferrals {
		dec := &plan.Deferrals[i]
		if err := dec.Validate(); err != nil {
			return res, err
		}
		if err := d.refuseTakenMark(ctx, tx, inc, req.Incident, dec.Suggestion); err != nil {
			return res, err
		}
		if err := w.eventAs(ctx, recQueued, dec); err != nil {
			return res, d.fail(err)
		}
		if from == 0 {
			from = w.seq
		}
		if err := w.exec(ctx, "INSERT INTO queue_decisions (seq, inc, suggestion) VALUES (?, ?, ?)", w.seq, inc, dec.Suggestion); err != nil {
			return res, d.fail(err)
		}
		res.Deferred = append(res.Deferred, *dec)
		if ended[dec.Suggestion] {
			res.DeferredGateEnded = append(res.DeferredGateEnded, dec.Suggestion)
		}
	}
	c := plan.Change
	c.Normalize()
	if err := c.Validate(); err != nil {
		return res, err
	}
	if err := w.status(ctx, &c); err != nil {
		return res, d.fail(err)
	}
	res.Change, res.Seq = c, w.seq
	if from != 0 {
		// The deferrals change where their suggestions stand.
		if err := d.refreshFacts(ctx, tx, inc, from); err != nil {
			return res, d.fail(err)
		}
	}
	return res, d.fail(tx.Commit())
}

// statusState reads what the lifecycle rules need, inside the write
// transaction.
func (d *DB) statusState(ctx context.Context, tx *sql.Tx, inc int64, req model.StatusRequest, now time.Time) (model.StatusState, error) {
	s := model.StatusState{Request: req, Now: now}
	r := d.reader(tx)
	current, latest, err := incidentNow(ctx, r, inc)
	if err != nil {
		return s, d.fail(err)
	}
	s.Current, s.Latest = current.Status, latest
	err = tx.QueryRowContext(ctx, "SELECT id, person FROM status_changes WHERE inc = ? ORDER BY seq DESC LIMIT 1", inc).Scan(&s.LastID, &s.LastBy)
	if err != nil && err != sql.ErrNoRows {
		return s, d.fail(err)
	}
	if err := payloadOf(ctx, r, inc, &s.Incident); err != nil {
		return s, d.fail(err)
	}
	people, err := recordOf[model.Person](ctx, r, personByID, inc, req.Person)
	if err != nil {
		return s, d.fail(err)
	}
	if len(people) > 0 {
		s.Person = &people[0]
	}
	// A status is changed on what the record says, as a decision is made.
	if err := r.refuse("the status of " + req.Incident + " was not changed"); err != nil {
		return s, err
	}
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM agents WHERE inc = ? AND id = ?)", inc, req.Person).Scan(&s.IsAgent); err != nil {
		return s, d.fail(err)
	}
	if s.Person == nil && !s.IsAgent {
		if err := d.actsAsLookAlike(ctx, tx, inc, req.Incident, req.Person); err != nil {
			return s, err
		}
	}
	err = eachRow(ctx, tx, "SELECT id, action, coalesce(target, '') FROM pending_items WHERE inc = ? ORDER BY inc, seq", []any{inc},
		func(rows *sql.Rows) error {
			var p model.PendingRef
			err := rows.Scan(&p.ID, &p.Action.Type, &p.Action.Target)
			s.Pending = append(s.Pending, p)
			return err
		})
	if err != nil {
		return s, d.fail(err)
	}
	if err := markGateEnded(ctx, r, inc, s.Pending); err != nil {
		return s, d.fail(err)
	}
	if req.DeferPending && req.Status.Closes() {
		for _, p := range s.Pending {
			ds, err := d.decisionState(ctx, tx, inc, model.DecideRequest{Incident: req.Incident, Suggestion: p.ID,
				Person: req.Person, Outcome: model.OutcomeDeferred, Rationale: req.Rationale})
			if err != nil {
				return s, err
			}
			ds.Now = now
			s.Deferrals = append(s.Deferrals, ds)
		}
	}
	if s.NextID, err = nextStatusID(ctx, tx, inc); err != nil {
		return s, d.fail(err)
	}
	if s.GatePolicy, s.GatePolicyName, err = gatePolicy(ctx, r, inc); err != nil {
		return s, d.fail(err)
	}
	return s, nil
}

// gatePolicy is the policy the gate recorded the latest gated call of inc
// under (the fingerprint in its envelope), "" when it recorded none. The
// gate's suggestions have ids S-…, so only those are read, newest first,
// a page at a time; one without a fingerprint is passed over: a feed may
// append a suggestion of its own with such an id, and it must not lift
// the pin. Only the gate writes a fingerprint into a stored incident
// (stream.pinsGatePolicy).
func gatePolicy(ctx context.Context, r *reader, inc int64) (string, string, error) {
	before := int64(math.MaxInt64)
	for {
		page, err := gatedPage(ctx, r, inc, before)
		if err != nil || len(page) == 0 {
			return "", "", err
		}
		for _, c := range page {
			found, err := recordOf[model.Event](ctx, r, eventByID, inc, c.id)
			if err != nil {
				return "", "", err
			}
			if len(found) == 0 {
				continue
			}
			if e, ok := gate.EnvelopeOf(found[0].RawOutput); ok && e.Policy != "" {
				return e.Policy, e.PolicyName, nil
			}
		}
		if len(page) < gatedPageSize {
			return "", "", nil
		}
		before = page[len(page)-1].seq
	}
}

const gatedPageSize = 32

type gatedRef struct {
	seq int64
	id  string
}

// gatedPage is the next page of inc's suggestions with ids S-…, newest
// first, recorded before seq before; read whole before any is loaded, so
// no two reads are open on the transaction at once.
func gatedPage(ctx context.Context, r *reader, inc, before int64) ([]gatedRef, error) {
	rows, err := r.QueryContext(ctx, "SELECT seq, id FROM events WHERE inc = ? AND kind = 'suggestion' AND id >= 'S-' AND id < 'S.' AND seq < ? ORDER BY seq DESC LIMIT ?", inc, before, gatedPageSize)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gatedRef
	for rows.Next() {
		var c gatedRef
		if err := rows.Scan(&c.seq, &c.id); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// nextStatusID is the first free id ST-n, n counting from the number of
// changes recorded.
func nextStatusID(ctx context.Context, q querier, inc int64) (string, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM status_changes WHERE inc = ?", inc).Scan(&n); err != nil {
		return "", err
	}
	for ; ; n++ {
		id := fmt.Sprintf("ST-%d", n+1)
		var taken bool
		if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM status_changes WHERE inc = ? AND id = ?)", inc, id).Scan(&taken); err != nil {
			return "", err
		}
		if !taken {
			return id, nil
		}
	}
}

// markGateEnded marks the pending suggestions of inc whose gate noted that
// it answered its agent: one read of the gate's notes on the incident,
// whatever the number of suggestions.
func markGateEnded(ctx context.Context, r *reader, inc int64, pending []model.PendingRef) error {
	if len(pending) == 0 {
		return nil
	}
	notes, err := gateNotesIn(ctx, r, fmt.Sprintf("[%d]", inc))
	if err != nil {
		return err
	}
	for i := range pending {
		_, pending[i].GateEnded = notes[assetKey{inc, pending[i].ID}]
	}
	return nil
}
