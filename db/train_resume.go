package db

import (
	"context"
	"time"

	"github.com/signoff/signoff/model"
)

// ResumeTrainingRun continues a run the trainee left unfinished. A run
// that has ended stays as it was (a trainer grades it as it ended), so the
// run resumed is a new one: the same trainee, incident, authority and
// hindsight, started at, holding the unfinished run's choices as they were
// made. One transaction: the new run exists with all of them, or not at
// all.
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
	switch {
	case old.Finished:
		return old, model.Errorf(model.ECONFLICT, "training run %d was finished; start a new run instead", run)
	case old.EndedAt == nil:
		return old, model.Errorf(model.ECONFLICT, "training run %d is still open in another workstation", run)
	}
	choices, err := scanChoices(ctx, tx, run)
	if err != nil {
		return old, d.fail(err)
	}
	r := model.TrainingRun{Trainee: old.Trainee, Incident: old.Incident, Authority: old.Authority,
		Hindsight: old.Hindsight, StartedAt: at.UTC(), Choices: choices}
	err = tx.QueryRowContext(ctx, `INSERT INTO training_runs (inc, trainee, authority, hindsight, started_at)
		SELECT inc, trainee, authority, hindsight, ? FROM training_runs WHERE id = ? RETURNING id`, at.UTC().UnixNano(), run).Scan(&r.ID)
	if err != nil {
		return old, d.fail(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO training_choices (run, subject, at, outcome, action, target, detail, rationale, took_ns)
		SELECT ?, subject, at, outcome, action, target, detail, rationale, took_ns FROM training_choices WHERE run = ?`, r.ID, run); err != nil {
		return old, d.fail(err)
	}
	return r, d.fail(tx.Commit())
}
