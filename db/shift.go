package db

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

var _ model.ShiftStore = (*DB)(nil)

// liveClaim is the claim in force on one item at ?3, if any.
const liveClaim = `SELECT id, person, since, until FROM queue_claims
	WHERE inc = ?1 AND suggestion = ?2 AND released IS NULL AND until > ?3 ORDER BY id DESC LIMIT 1`

// Claim marks a pending item as held by person until the store's now plus
// ttl. It writes no chain entry: a claim records nothing about the
// incident. The check and the write share one IMMEDIATE transaction, so of
// two people claiming at once exactly one holds the item and the other is
// told who does.
func (d *DB) Claim(ctx context.Context, incident, suggestion, person string, ttl time.Duration) (model.Claim, error) {
	c := model.Claim{Incident: incident, Suggestion: suggestion, Person: person}
	if err := claimText(incident, suggestion, person); err != nil {
		return c, err
	}
	if ttl <= 0 {
		return c, model.Errorf(model.EINVALID, "a claim must last some time; %s is not a duration to hold %s/%s for", ttl, incident, suggestion)
	}
	if ttl > model.MaxClaim {
		return c, model.Errorf(model.EINVALID, "a claim holds at most %s (its holder renews it by claiming again), so %s/%s was not claimed for %s", model.MaxClaim, incident, suggestion, ttl)
	}
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	now := d.now()
	if err := d.claimable(ctx, tx, inc, incident, suggestion, person); err != nil {
		return c, err
	}
	var id, since, until int64
	var holder string
	err = tx.QueryRowContext(ctx, liveClaim, inc, suggestion, now.UnixNano()).Scan(&id, &holder, &since, &until)
	switch {
	case err == sql.ErrNoRows:
		c.Since, c.Until = now, now.Add(ttl)
		_, err = tx.ExecContext(ctx, "INSERT INTO queue_claims (inc, suggestion, person, since, until) VALUES (?, ?, ?, ?, ?)",
			inc, suggestion, person, c.Since.UnixNano(), c.Until.UnixNano())
	case err != nil:
	case holder != person:
		return c, model.Errorf(model.ECONFLICT, "%s/%s is held by %s since %s (until %s); a claim is not a decision: you may still decide it, or claim it once theirs lapses",
			incident, suggestion, holder, stamp(fromNanos(since)), stamp(fromNanos(until)))
	default:
		// The holder claims again: the claim lasts from now.
		c.Since, c.Until = fromNanos(since), now.Add(ttl)
		_, err = tx.ExecContext(ctx, "UPDATE queue_claims SET until = ? WHERE id = ?", c.Until.UnixNano(), id)
	}
	if err != nil {
		return c, d.fail(err)
	}
	return c, d.fail(tx.Commit())
}

// claimText refuses a claim's names when they are not UTF-8: a claim is
// outside the chain, but its row is read back and shown like a record's.
func claimText(incident, suggestion, person string) error {
	for _, f := range []struct{ what, s string }{{"the incident id", incident}, {"the suggestion id", suggestion}, {"the claiming person's name", person}} {
		if err := model.CheckText(f.what+" ("+model.Quote(f.s)+")", f.s); err != nil {
			return err
		}
	}
	return nil
}

// claimable refuses a claim on what is not a pending item of a live
// incident, or by someone who is not a person of the incident.
func (d *DB) claimable(ctx context.Context, q querier, inc int64, incident, suggestion, person string) error {
	now, _, err := incidentNow(ctx, d.reader(q), inc)
	if err != nil {
		return d.fail(err)
	}
	var pending, isPerson bool
	err = q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM events e JOIN pending_items p ON p.inc = e.inc AND p.seq = e.seq
		WHERE e.inc = ? AND e.id = ?)`, inc, suggestion).Scan(&pending)
	if err != nil {
		return d.fail(err)
	}
	if !pending || !now.Status.Live() {
		return model.Errorf(model.ENOTFOUND, "%s/%s is not a pending suggestion of an open incident, so there is nothing to claim", incident, suggestion)
	}
	if err := q.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM people WHERE inc = ? AND id = ?)", inc, person).Scan(&isPerson); err != nil {
		return d.fail(err)
	}
	if !isPerson {
		if err := d.actsAsLookAlike(ctx, q, inc, incident, person); err != nil {
			return err
		}
		return model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot claim its suggestions; only the incident's people can", person, incident)
	}
	return nil
}

// Release ends person's live claim on an item.
func (d *DB) Release(ctx context.Context, incident, suggestion, person string) error {
	if err := claimText(incident, suggestion, person); err != nil {
		return err
	}
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := d.now().UnixNano()
	res, err := tx.ExecContext(ctx, `UPDATE queue_claims SET released = ?3
		WHERE id IN (SELECT id FROM queue_claims WHERE inc = ?1 AND suggestion = ?2 AND released IS NULL AND until > ?3)
		AND person = ?4`, inc, suggestion, now, person)
	if err != nil {
		return d.fail(err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return d.fail(err)
		}
		return model.Errorf(model.ENOTFOUND, "%s holds no claim on %s/%s, so there is none to release", person, incident, suggestion)
	}
	return d.fail(tx.Commit())
}

// liveClaims are every live claim at ?1.
const liveClaims = `SELECT i.id, q.suggestion, q.person, q.since, q.until FROM queue_claims q
	JOIN incidents i ON i.seq = q.inc WHERE q.released IS NULL AND q.until > ?1 ORDER BY q.id`

func claimsAt(ctx context.Context, tx *sql.Tx, now time.Time) ([]model.Claim, error) {
	var out []model.Claim
	err := eachRow(ctx, tx, liveClaims, []any{now.UnixNano()}, func(rows *sql.Rows) error {
		var c model.Claim
		var since, until int64
		err := rows.Scan(&c.Incident, &c.Suggestion, &c.Person, &since, &until)
		c.Since, c.Until = fromNanos(since), fromNanos(until)
		out = append(out, c)
		return err
	})
	return out, err
}

// AddHandoffNote records a hand-off note as its author, at the store's
// time, as a record of the audit chain.
func (d *DB) AddHandoffNote(ctx context.Context, n model.HandoffNote) (model.HandoffNote, error) {
	tx, inc, err := d.writeIncident(ctx, n.Incident)
	if err != nil {
		return n, err
	}
	defer tx.Rollback()
	n.At = d.now()
	if err := n.Validate(); err != nil {
		return n, err
	}
	// The author is read from the record, as a decision's owner is: a
	// person's row renamed outside signoff let anyone write a note as
	// that name (a hostile review).
	r := d.incidentReader(tx, n.Incident)
	people, err := recordOf[model.Person](ctx, r, personByID, inc, n.By)
	if err != nil {
		return n, d.fail(err)
	}
	if err := r.refuse("the hand-off note was not recorded"); err != nil {
		return n, err
	}
	if len(people) == 0 {
		if err := d.actsAsLookAlike(ctx, tx, inc, n.Incident, n.By); err != nil {
			return n, err
		}
		return n, model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot write its hand-off notes; only the incident's people can", n.By, n.Incident)
	}
	w, err := d.newWriter(ctx, tx, n.By, n.At)
	if err != nil {
		return n, d.fail(err)
	}
	w.inc, w.incID = inc, n.Incident
	seq, err := w.entry(ctx, recHandoff, n.By, &n)
	if err != nil {
		return n, d.fail(err)
	}
	if err := w.exec(ctx, "INSERT INTO handoff_notes (seq, inc, person, at) VALUES (?, ?, ?, ?)", seq, inc, n.By, n.At.UnixNano()); err != nil {
		return n, d.fail(err)
	}
	return n, d.fail(tx.Commit())
}

// HandoffNotes returns an incident's notes, newest first. Each is read
// from its entry and held to it (holdNote).
func (d *DB) HandoffNotes(ctx context.Context, incident string, limit int) ([]model.HandoffNote, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, incident)
	out := []model.HandoffNote{}
	err = eachRow(ctx, r, `SELECT `+entryColumns+`, h.person, h.at FROM handoff_notes h JOIN chain c ON c.seq = h.seq
		WHERE h.inc = ? ORDER BY h.seq DESC LIMIT ?`, []any{inc, limit}, func(rows *sql.Rows) error {
		var by string
		var at int64
		e, err := scanEntry(rows, &by, &at)
		if err != nil {
			return err
		}
		n, ok, err := r.holdNote(&e, by, at)
		if ok {
			out = append(out, n)
		}
		return err
	})
	return out, d.fail(err)
}

// holdNote is the note of the entry e, checked, that a row of the
// reader's incident with that author and time points at; ok is false
// when the entry is not a note of the incident, and the row is left out.
// The note was listed from its entry alone: a row moved from another
// incident listed that incident's note as this one's, and a row's author
// or time edited outside signoff went unsaid. A row that differs from
// its entry is noted (ReadFault), and the note is its entry's.
func (r *reader) holdNote(e *readEntry, by string, at int64) (model.HandoffNote, bool, error) {
	var n model.HandoffNote
	r.check(e)
	if !r.ofRow(e, &n, "") {
		return n, false, nil
	}
	if err := decodeEntry(e, &n); err != nil {
		return n, false, err
	}
	var differs string
	switch {
	case n.By != by:
		differs = "its author"
	case n.At.UnixNano() != at:
		differs = "its time"
	default:
		return n, true, nil
	}
	r.note(chain.Fault{Seq: e.Seq, Table: "handoff_notes", Subject: e.Subject,
		Reason: fmt.Sprintf("the row shows what its entry does not (%s), so the row was altered", differs)})
	return n, true, nil
}

// latestHandoffs reads the newest note of every incident that has notes,
// and how many each has.
func latestHandoffs(ctx context.Context, r *reader) (map[string]model.HandoffNote, map[string]int, error) {
	type latest struct {
		id  string
		n   int
		seq int64
	}
	var found []latest
	err := eachRow(ctx, r, `SELECT i.id, count(*), max(h.seq) FROM handoff_notes h JOIN incidents i ON i.seq = h.inc GROUP BY h.inc, i.id`, nil,
		func(rows *sql.Rows) error {
			var l latest
			err := rows.Scan(&l.id, &l.n, &l.seq)
			found = append(found, l)
			return err
		})
	if err != nil {
		return nil, nil, err
	}
	notes, counts := map[string]model.HandoffNote{}, map[string]int{}
	for _, l := range found {
		counts[l.id] = l.n
		// The note must be one of the incident's: a row moved from
		// another incident showed that incident's note at the top of
		// this one's group.
		e, err := scanEntry(r.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", l.seq))
		if err != nil {
			return nil, nil, err
		}
		r.check(&e)
		var n model.HandoffNote
		if !r.ofKind(&e, &n) {
			continue
		}
		if e.Incident != l.id {
			r.note(chain.Fault{Seq: e.Seq, Table: "handoff_notes", Subject: e.Subject,
				Reason: fmt.Sprintf("the row belongs to another incident than the entry's %s, so it was altered", e.Incident)})
			continue
		}
		if err := decodeEntry(&e, &n); err != nil {
			return nil, nil, err
		}
		notes[l.id] = n
	}
	return notes, counts, nil
}

// stamp is how a time reads in the store's sentences, as in the queue's.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// heldByOther is the live claim at now on the item req decides, when
// someone other than the person deciding holds it.
func (d *DB) heldByOther(ctx context.Context, tx *sql.Tx, inc int64, req model.DecideRequest, now time.Time) (*model.Claim, error) {
	var id, since, until int64
	var holder string
	err := tx.QueryRowContext(ctx, liveClaim, inc, req.Suggestion, now.UnixNano()).Scan(&id, &holder, &since, &until)
	if err == sql.ErrNoRows || err == nil && holder == req.Person {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &model.Claim{Incident: req.Incident, Suggestion: req.Suggestion, Person: holder, Since: fromNanos(since), Until: fromNanos(until)}, nil
}
