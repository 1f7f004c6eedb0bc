package db

import (
	"cmp"
	"context"
	"fmt"

	"github.com/signoff/signoff/model"
)

// Step returns the review step an event belongs to: its suggestion (if
// any), decisions oldest first, executions, the evidence they cite or
// review and the target asset's records (all of them when there are few,
// else those nearest the step: model.Step says which), and the verdicts.
//
// It is three statements in one read, whatever the step holds: the
// subject (stepSubject), the step's own records (stepRecords), and its
// evidence (stepEvidence). On a server each statement is a round trip,
// and the screen reads a step at every move onto a step row.
func (d *DB) Step(ctx context.Context, incident, eventID string) (model.Step, error) {
	step, err := d.step(ctx, incident, eventID)
	d.kept.prepare(ctx, d.sql)
	return step, err
}

func (d *DB) step(ctx context.Context, incident, eventID string) (model.Step, error) {
	step := model.Step{Incident: incident}
	tx, err := d.readTx(ctx)
	if err != nil {
		return step, err
	}
	defer tx.Rollback()
	r := d.reader(tx)
	inc, subject, err := d.stepSubject(ctx, r, incident, eventID)
	if err != nil {
		return step, err
	}
	step.Subject = subject
	if err := d.loadStep(ctx, r, inc, &step); err != nil {
		return step, d.fail(err)
	}
	return step, nil
}

// subjectQuery finds the incident, the event, and the decision an
// execution answers, in one statement.
const subjectQuery = `SELECT i.seq, coalesce(e.kind, ''), coalesce(e.suggestion, ''), coalesce(e.decision, ''),
	coalesce((SELECT coalesce(d.suggestion, d.id) FROM events d WHERE d.inc = i.seq AND d.id = e.decision AND d.kind = 'decision'), '')
	FROM incidents i LEFT JOIN events e ON e.inc = i.seq AND e.id = ?2 WHERE i.id = ?1`

// stepSubject returns the incident's key and the review subject of its
// event id: a suggestion, or a decision made without one.
func (d *DB) stepSubject(ctx context.Context, r *reader, incident, id string) (int64, string, error) {
	var inc int64
	var kind, suggestion, decision, answered string
	rows, err := r.keptQuery(ctx, subjectQuery, incident, id)
	if err != nil {
		return 0, "", d.fail(err)
	}
	found := rows.Next()
	if found {
		err = rows.Scan(&inc, &kind, &suggestion, &decision, &answered)
	}
	if cerr := rows.Close(); err == nil {
		err = cmp.Or(rows.Err(), cerr)
	}
	if err != nil {
		return 0, "", d.fail(err)
	}
	if !found {
		return 0, "", model.Errorf(model.ENOTFOUND, "there is no incident %s in the database", incident)
	}
	switch model.EventKind(kind) {
	case "":
		return 0, "", model.Errorf(model.ENOTFOUND, "incident %s has no event %s", incident, id)
	case model.KindSuggestion:
		return inc, id, nil
	case model.KindDecision:
		if suggestion != "" {
			return inc, suggestion, nil
		}
		return inc, id, nil
	case model.KindExecution:
		switch {
		case suggestion != "":
			return inc, suggestion, nil
		case answered != "":
			return inc, answered, nil
		}
		return 0, "", internal(fmt.Errorf("execution %s of incident %s answers decision %s, which is not recorded", id, incident, decision))
	}
	return 0, "", model.Errorf(model.ENOTFOUND, "%s of incident %s is %s, which is not part of a review step", id, incident, article(kind))
}

func article(kind string) string {
	switch kind[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an " + kind
	}
	return "a " + kind
}

// These read one record or a few, by key, outside a step read (deciding,
// the queue, an unanswered call).
const (
	decisionsOf = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.suggestion = ?2 AND e.kind = 'decision' ORDER BY e.at + 0, e.id`
	evidenceByID = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id = ?2 AND e.kind = 'evidence'`
	evidenceForAsset = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.target = ?2 AND e.kind = 'evidence'`
	assetByID = `SELECT ` + entryColumns + ` FROM assets a JOIN chain c ON c.seq = a.seq WHERE a.inc = ?1 AND a.id = ?2`
	eventByID = `SELECT ` + entryColumns + ` FROM events e JOIN chain c ON c.seq = e.seq
		WHERE e.inc = ?1 AND e.id = ?2 AND e.kind <> 'evidence'`
)

func (d *DB) loadStep(ctx context.Context, r *reader, inc int64, step *model.Step) error {
	if err := d.stepRecords(ctx, r, inc, step); err != nil {
		return err
	}
	return stepEvidence(ctx, r, inc, step)
}
