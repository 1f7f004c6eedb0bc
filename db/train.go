package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/signoff/signoff/model"
)

// Training runs are kept in their own tables (migration 0004) and never in
// the audit chain: the chain is the incident record, and a practice answer
// must not be exported, verified or counted as one.

// StartTrainingRun records the start of a run and returns it with its id.
// The incident must exist; the trainee need not be one of its people.
func (d *DB) StartTrainingRun(ctx context.Context, r model.TrainingRun) (model.TrainingRun, error) {
	r.StartedAt = r.StartedAt.UTC()
	r.EndedAt, r.Finished, r.Resumes, r.Choices = nil, false, 0, nil
	if err := r.Validate(); err != nil {
		return r, err
	}
	tx, inc, err := d.writeIncident(ctx, r.Incident)
	if err != nil {
		return r, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO training_runs (inc, trainee, authority, hindsight, anonymized, started_at, session_key)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, inc, r.Trainee, string(r.Authority), r.Hindsight, r.Anonymized, r.StartedAt.UnixNano(), r.SessionKey).Scan(&r.ID)
	if err != nil {
		return r, d.fail(err)
	}
	return r, d.fail(tx.Commit())
}

// RecordTrainingChoice saves one choice of an open run. The subject must be
// a suggestion of the run's incident, answered once per run: the same
// choice sent again (same outcome, action and rationale; its time may
// differ) is answered as saved, another is refused saying what was saved.
// A new choice must be on the run's next decision point in the timeline's
// order (mustBeNextPoint), as the replay asks them.
func (d *DB) RecordTrainingChoice(ctx context.Context, run int64, c model.TrainingChoice) error {
	if err := c.Validate(); err != nil {
		return err
	}
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	inc, by, ended, err := d.openRun(ctx, tx, run)
	switch {
	case err != nil:
		return err
	case by != 0:
		return model.Errorf(model.ECONFLICT, "training run %d was resumed as run %d (signoff train --resume, maybe in another terminal): this choice was not saved", run, by)
	case ended:
		return model.Errorf(model.ECONFLICT, "training run %d has ended; its choices can no longer change", run)
	}
	var kind string
	err = tx.QueryRowContext(ctx, "SELECT kind FROM events WHERE inc = ? AND id = ?", inc, c.Subject).Scan(&kind)
	if err == sql.ErrNoRows || (err == nil && kind != string(model.KindSuggestion)) {
		return model.Errorf(model.EINVALID, "training run %d: %s is not an AI suggestion of its incident", run, c.Subject)
	}
	if err != nil {
		return d.fail(err)
	}
	switch saved, err := savedChoice(ctx, tx, run, c.Subject); {
	case err != nil:
		return d.fail(err)
	case saved == nil:
		if err := d.mustBeNextPoint(ctx, tx, run, inc, c.Subject); err != nil {
			return err
		}
	case sameChoice(*saved, c):
		// Sent again after its answer was lost (the server away after
		// the commit): the same write, already made.
		return nil
	default:
		return model.Errorf(model.ECONFLICT, "training run %d already has another choice on %s: %s; a choice cannot change once saved", run, c.Subject, describeChoice(*saved))
	}
	var typ, target, detail string
	if c.Action != nil {
		typ, target, detail = c.Action.Type, c.Action.Target, c.Action.Detail
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO training_choices (run, subject, at, outcome, action, target, detail, rationale, took_ns)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		run, c.Subject, c.At.UTC().UnixNano(), string(c.Outcome), null(typ), null(target), null(detail), c.Rationale, int64(c.Took))
	if d.eng.IsUnique(err) {
		// Only if the write lock did not keep another write out.
		return model.Errorf(model.ECONFLICT, "training run %d already has another choice on %s", run, c.Subject)
	}
	if err != nil {
		return d.fail(err)
	}
	return d.fail(tx.Commit())
}

// EndTrainingRun closes a run at a time, finished or not. A run ends once.
func (d *DB) EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error {
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	switch _, by, ended, err := d.openRun(ctx, tx, run); {
	case err != nil:
		return err
	case by != 0:
		return model.Errorf(model.ECONFLICT, "training run %d was resumed as run %d (signoff train --resume, maybe in another terminal), which goes on with its choices", run, by)
	case ended:
		return model.Errorf(model.ECONFLICT, "training run %d has already ended", run)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE training_runs SET ended_at = ?, finished = ? WHERE id = ?",
		at.UTC().UnixNano(), finished, run); err != nil {
		return d.fail(err)
	}
	return d.fail(tx.Commit())
}

// openRun returns the incident key of a run, the run that goes on with
// it (0 when none: a run resumed while open is not to be written to), and
// whether it has ended.
func (d *DB) openRun(ctx context.Context, q querier, run int64) (inc, by int64, ended bool, err error) {
	var end sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT inc, ended_at, coalesce((SELECT n.id FROM training_runs n WHERE n.resumes = r.id), 0)
		FROM training_runs r WHERE r.id = ?`, run).Scan(&inc, &end, &by)
	if err == sql.ErrNoRows {
		return 0, 0, false, model.Errorf(model.ENOTFOUND, "there is no training run %d", run)
	}
	return inc, by, end.Valid, d.fail(err)
}
