package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
)

// Step returns the review step an event belongs to: its suggestion (if
// any), decisions oldest first, executions, the evidence they cite or
// review and the target asset's records (all of them when there are few,
// else those nearest the step: model.Step says which), and the verdicts.
func (d *DB) Step(ctx context.Context, incident, eventID string) (model.Step, error) {
	step := model.Step{Incident: incident}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return step, err
	}
	defer tx.Rollback()
	subject, err := d.subjectOf(ctx, tx, inc, incident, eventID)
	if err != nil {
		return step, err
	}
	step.Subject = subject
	r := d.reader(tx)
	if err := loadStep(ctx, r, inc, &step); err != nil {
		return step, d.fail(err)
	}
	if step.Lifecycle, err = lifecycleOf(ctx, r, inc); err != nil {
		return step, d.fail(err)
	}
	return step, nil
}

// lifecycleOf is the incident's status over time, which the lifecycle
// rules judge a step by: a few records, whatever the incident's size.
func lifecycleOf(ctx context.Context, q *reader, inc int64) (*model.Lifecycle, error) {
	var i model.Incident
	if err := payloadOf(ctx, q, inc, &i); err != nil {
		return nil, err
	}
	changes, err := records[model.StatusChange](ctx, q, statusRows, inc)
	if err != nil {
		return nil, err
	}
	return model.LifecycleOf(i, changes), nil
}

// subjectOf finds the review subject of an event.
func (d *DB) subjectOf(ctx context.Context, q querier, inc int64, incident, id string) (string, error) {
	var kind, suggestion, decision string
	err := q.QueryRowContext(ctx, "SELECT kind, coalesce(suggestion, ''), coalesce(decision, '') FROM events WHERE inc = ? AND id = ?",
		inc, id).Scan(&kind, &suggestion, &decision)
	if err == sql.ErrNoRows {
		return "", model.Errorf(model.ENOTFOUND, "incident %s has no event %s", incident, id)
	}
	if err != nil {
		return "", d.fail(err)
	}
	switch model.EventKind(kind) {
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
		var subject string
		err := q.QueryRowContext(ctx, "SELECT coalesce(suggestion, id) FROM events WHERE inc = ? AND id = ? AND kind = 'decision'",
			inc, decision).Scan(&subject)
		return subject, d.fail(err)
	}
	return "", model.Errorf(model.ENOTFOUND, "%s of incident %s is %s, which is not part of a review step", id, incident, article(kind))
}

func article(kind string) string {
	switch kind[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + kind
	}
	return "a " + kind
}

// The planner must start from the step's few rows: CROSS JOIN in
// executionsOfSuggestion starts from the suggestion's decisions (left
// free, it walked every execution of the incident through
// events_decision), and "+ 0" in ORDER BY keeps decisionsOf and
// executionsOfDecision off events_time, which gives the order for free
// but walks the whole timeline (~0.3 s each at 1M events).
const (
	decisionsOf = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.suggestion = ?2 AND e.kind = 'decision' ORDER BY e.at + 0, e.id`
	executionsOfSuggestion = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.kind = 'execution' AND e.seq IN (
			SELECT seq FROM events WHERE inc = ?1 AND suggestion = ?2
			UNION SELECT x.seq FROM events d CROSS JOIN events x ON x.inc = d.inc AND x.decision = d.id
				WHERE d.inc = ?1 AND d.suggestion = ?2 AND d.kind = 'decision')
		ORDER BY e.at, e.id`
	executionsOfDecision = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.decision = ?2 AND e.kind = 'execution' ORDER BY e.at + 0, e.id`
	evidenceByID = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id = ?2 AND e.kind = 'evidence'`
	evidenceForAsset = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.target = ?2 AND e.kind = 'evidence'`
	reviewsOf = `SELECT ` + entryColumns + ` FROM reviews r JOIN chain c ON c.seq = r.seq
		WHERE r.inc = ?1 AND r.subject = ?2 ORDER BY r.at, r.seq`
	assetByID = `SELECT ` + entryColumns + ` FROM assets a JOIN chain c ON c.seq = a.seq WHERE a.inc = ?1 AND a.id = ?2`
	eventByID = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id = ?2 AND e.kind <> 'evidence'`
)

func loadStep(ctx context.Context, q *reader, inc int64, step *model.Step) error {
	target, err := loadStepRecords(ctx, q, inc, step)
	if err != nil {
		return err
	}
	return stepEvidence(ctx, q, inc, step, target)
}

// loadStepRecords reads a step's events, verdicts and target asset, and
// returns the target's id ("" when the step names none).
func loadStepRecords(ctx context.Context, q *reader, inc int64, step *model.Step) (string, error) {
	subject, err := records[model.Event](ctx, q, eventByID, inc, step.Subject)
	if err != nil || len(subject) == 0 {
		return "", err
	}
	if subject[0].Kind == model.KindSuggestion {
		step.Suggestion = &subject[0]
		if step.Decisions, err = records[model.Event](ctx, q, decisionsOf, inc, step.Subject); err != nil {
			return "", err
		}
		step.Executions, err = records[model.Event](ctx, q, q.d.q.ExecutionsOfSuggestion, inc, step.Subject)
	} else {
		step.Decisions = subject
		step.Executions, err = records[model.Event](ctx, q, executionsOfDecision, inc, step.Subject)
	}
	if err != nil {
		return "", err
	}
	if step.Reviews, err = records[model.Review](ctx, q, reviewsOf, inc, step.Subject); err != nil {
		return "", err
	}
	target := ""
	if a := step.Action(); a != nil {
		target = a.Target
	}
	if target != "" {
		found, err := records[model.Asset](ctx, q, assetByID, inc, target)
		if err != nil {
			return "", err
		}
		if len(found) > 0 {
			step.TargetAsset = &found[0]
		}
	}
	return target, nil
}
