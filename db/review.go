package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
)

// RecordReview appends a review verdict, recorded now (the store's clock),
// as its reviewer. The reviewer must be a person of the incident; the
// subject must begin a review step (a suggestion, or a decision without
// one).
func (d *DB) RecordReview(ctx context.Context, incident string, r model.Review) (model.Review, error) {
	tx, inc, err := d.writeIncident(ctx, incident)
	if err != nil {
		return r, err
	}
	defer tx.Rollback()
	// One reading of the clock, once this write holds the lock: the verdict
	// and its chain entry share it, and no earlier writer can commit a
	// later time.
	at := d.now()
	r.At = at
	if err := r.Validate(); err != nil {
		return r, err
	}
	if err := d.checkSubject(ctx, tx, inc, incident, r); err != nil {
		return r, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE inc = ? AND id = ?", inc, r.Reviewer).Scan(&n); err != nil {
		return r, d.fail(err)
	}
	if n == 0 {
		if err := d.actsAsLookAlike(ctx, tx, inc, incident, r.Reviewer); err != nil {
			return r, err
		}
		return r, model.Errorf(model.EFORBIDDEN, "%s is not a person of incident %s, so they cannot record a review verdict; only the incident's people can", r.Reviewer, incident)
	}
	if r.Signature != nil {
		if err := d.stillAfter(ctx, tx, inc, r); err != nil {
			return r, err
		}
	}
	w, err := d.newWriter(ctx, tx, r.Reviewer, at)
	if err != nil {
		return r, d.fail(err)
	}
	w.inc, w.incID = inc, incident
	if err := w.review(ctx, &r); err != nil {
		return r, d.fail(err)
	}
	if err := d.refreshFacts(ctx, tx, inc, w.seq); err != nil {
		return r, d.fail(err)
	}
	return r, d.fail(tx.Commit())
}

// stillAfter refuses a signed verdict when the verdict its statement
// follows (r.After, as the reviewer read the record) is no longer the
// subject's last: another was recorded meanwhile.
func (d *DB) stillAfter(ctx context.Context, tx *sql.Tx, inc int64, r model.Review) error {
	var n int
	var last string
	err := tx.QueryRowContext(ctx, `SELECT count(*), coalesce((SELECT reviewer FROM reviews WHERE inc = ?1 AND subject = ?2 ORDER BY seq DESC LIMIT 1), '')
		FROM reviews WHERE inc = ?1 AND subject = ?2`, inc, r.Subject).Scan(&n, &last)
	if err != nil {
		return d.fail(err)
	}
	if model.VerdictRef(r.Subject, n) != r.After {
		return model.Errorf(model.ECONFLICT, "%s recorded a verdict on %s meanwhile; look at it and sign again", last, r.Subject)
	}
	return nil
}

// checkSubject refuses a verdict on anything but the start of a step, and
// "none" (no AI involved) on a step that began with an AI suggestion. An
// imported verdict is not refused (the record is what it is); findings
// report it as verdict-contradicts-record.
func (d *DB) checkSubject(ctx context.Context, q querier, inc int64, incident string, r model.Review) error {
	var kind, suggestion string
	err := q.QueryRowContext(ctx, "SELECT kind, coalesce(suggestion, '') FROM events WHERE inc = ? AND id = ?", inc, r.Subject).
		Scan(&kind, &suggestion)
	if err == sql.ErrNoRows {
		return model.Errorf(model.EINVALID, "incident %s has no event %s to review", incident, r.Subject)
	}
	if err != nil {
		return d.fail(err)
	}
	switch {
	case kind == string(model.KindDecision) && suggestion != "":
		return model.Errorf(model.EINVALID, "%s answers suggestion %s; record the verdict on %s, the subject of that step", r.Subject, suggestion, suggestion)
	case kind != string(model.KindSuggestion) && kind != string(model.KindDecision):
		return model.Errorf(model.EINVALID, "%s is %s; a review verdict is recorded on a suggestion, or on a decision made without one", r.Subject, article(kind))
	case kind == string(model.KindSuggestion) && r.Verdict == model.VerdictNone:
		return model.Errorf(model.EINVALID, "%s is an AI suggestion, so its verdict cannot be none (no AI); choose followed, modified or ignored", r.Subject)
	}
	return nil
}
