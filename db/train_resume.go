package db

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// ResumeTrainingRun goes on with a run the trainee did not finish: one
// closed unfinished, or one left open (its process was killed, or lost
// power, before it could close it). A run stays as it was left (a trainer
// grades it as it ended, or sees it was never closed), so the run resumed
// is a new one: the same trainee, incident, authority, hindsight and
// anonymization (a run keeps the options it started with), started at,
// naming the run it resumes and holding its choices as they were made.
// Not its session key: that says which key the trainee logged in with to
// play a run, and the resume is made at a local terminal, where none did;
// the run resumed keeps its key, and the new run names it. One run only
// may go on with another: of two resuming the same run, the first wins
// and the second is told which run took it. The store cannot tell a run
// left open by a dead process from one still in use right now; the
// process using it is told at its next choice or close that it was
// resumed. One transaction: the new run exists with all of the choices,
// or not at all.
func (d *DB) ResumeTrainingRun(ctx context.Context, run int64, at time.Time) (model.TrainingRun, error) {
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return model.TrainingRun{}, err
	}
	defer tx.Rollback()
	olds, err := scanRuns(ctx, tx, runColumns+" WHERE r.id = ?", run)
	if err != nil {
		return model.TrainingRun{}, d.fail(err)
	}
	if len(olds) == 0 {
		return model.TrainingRun{}, model.Errorf(model.ENOTFOUND, "there is no training run %d", run)
	}
	old := olds[0]
	if old.Finished {
		return old, model.Errorf(model.ECONFLICT, "training run %d was finished; start a new run instead", run)
	}
	if _, by, _, err := d.openRun(ctx, tx, run); err != nil {
		return old, err
	} else if by != 0 {
		return old, resumedAlready(run, by)
	}
	choices, err := scanChoices(ctx, tx, run)
	if err != nil {
		return old, d.fail(err)
	}
	r := model.TrainingRun{Trainee: old.Trainee, Incident: old.Incident, Authority: old.Authority,
		Hindsight: old.Hindsight, Anonymized: old.Anonymized, StartedAt: at.UTC(), Resumes: run, Choices: choices}
	err = tx.QueryRowContext(ctx, `INSERT INTO training_runs (inc, trainee, authority, hindsight, anonymized, started_at, resumes)
		SELECT inc, trainee, authority, hindsight, anonymized, ?, id FROM training_runs WHERE id = ? RETURNING id`, at.UTC().UnixNano(), run).Scan(&r.ID)
	if d.eng.IsUnique(err) {
		// Only if the write lock did not keep another resume out.
		return old, resumedAlready(run, 0)
	}
	if err != nil {
		return old, d.fail(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_choices (run, subject, at, outcome, action, target, detail, rationale, took_ns)
		SELECT ?, subject, at, outcome, action, target, detail, rationale, took_ns FROM training_choices WHERE run = ?`, r.ID, run); err != nil {
		return old, d.fail(err)
	}
	return r, d.fail(tx.Commit())
}

// resumedAlready says a run has been resumed before, as run by when known.
func resumedAlready(run, by int64) error {
	if by == 0 {
		return model.Errorf(model.ECONFLICT, "training run %d has just been resumed by another signoff", run)
	}
	return model.Errorf(model.ECONFLICT, "training run %d has already been resumed as run %d (maybe in another terminal); go on with that one with signoff train --resume", run, by)
}
