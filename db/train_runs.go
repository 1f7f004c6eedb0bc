package db

import (
	"context"
	"database/sql"
	"time"

	"github.com/signoff/signoff/model"
)

const (
	runColumns = `SELECT r.id, i.id, r.trainee, r.authority, r.hindsight, r.anonymized, r.started_at, r.ended_at, r.finished, r.session_key, coalesce(r.resumes, 0)
		FROM training_runs r JOIN incidents i ON i.seq = r.inc`
	allRuns      = runColumns + ` ORDER BY i.id, r.started_at, r.id`
	incidentRuns = runColumns + ` WHERE r.inc = ? ORDER BY r.started_at, r.id`
	runChoices   = `SELECT subject, at, outcome, coalesce(action, ''), coalesce(target, ''), coalesce(detail, ''), rationale, took_ns
		FROM training_choices WHERE run = ? ORDER BY at, subject`
)

// TrainingRuns lists the training runs of an incident (every incident when
// incident is ""), each with its choices in the order they were made:
// oldest run first, grouped by incident.
func (d *DB) TrainingRuns(ctx context.Context, incident string) ([]model.TrainingRun, error) {
	tx, err := d.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	query, args := allRuns, []any(nil)
	if incident != "" {
		inc, err := d.mustIncident(ctx, tx, incident)
		if err != nil {
			return nil, err
		}
		query, args = incidentRuns, []any{inc}
	}
	runs, err := scanRuns(ctx, tx, query, args...)
	if err != nil {
		return nil, d.fail(err)
	}
	for i := range runs {
		if runs[i].Choices, err = scanChoices(ctx, tx, runs[i].ID); err != nil {
			return nil, d.fail(err)
		}
	}
	return runs, nil
}

// TrainingRun returns one run with its choices (ENOTFOUND).
func (d *DB) TrainingRun(ctx context.Context, id int64) (model.TrainingRun, error) {
	tx, err := d.readTx(ctx)
	if err != nil {
		return model.TrainingRun{}, err
	}
	defer tx.Rollback()
	runs, err := scanRuns(ctx, tx, runColumns+" WHERE r.id = ?", id)
	if err != nil {
		return model.TrainingRun{}, d.fail(err)
	}
	if len(runs) == 0 {
		return model.TrainingRun{}, model.Errorf(model.ENOTFOUND, "there is no training run %d", id)
	}
	r := runs[0]
	r.Choices, err = scanChoices(ctx, tx, id)
	return r, d.fail(err)
}

func scanRuns(ctx context.Context, q querier, query string, args ...any) ([]model.TrainingRun, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.TrainingRun
	for rows.Next() {
		var r model.TrainingRun
		var authority string
		var started int64
		var ended sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Incident, &r.Trainee, &authority, &r.Hindsight, &r.Anonymized, &started, &ended, &r.Finished, &r.SessionKey, &r.Resumes); err != nil {
			return nil, err
		}
		r.Authority, r.StartedAt = model.Authority(authority), fromNanos(started)
		if ended.Valid {
			t := fromNanos(ended.Int64)
			r.EndedAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func scanChoices(ctx context.Context, q querier, run int64) ([]model.TrainingChoice, error) {
	rows, err := q.QueryContext(ctx, runChoices, run)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.TrainingChoice{}
	for rows.Next() {
		var c model.TrainingChoice
		var at, took int64
		var outcome, typ, target, detail string
		if err := rows.Scan(&c.Subject, &at, &outcome, &typ, &target, &detail, &c.Rationale, &took); err != nil {
			return nil, err
		}
		c.At, c.Outcome, c.Took = fromNanos(at), model.Outcome(outcome), time.Duration(took)
		if typ != "" {
			c.Action = &model.Action{Type: typ, Target: target, Detail: detail}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
