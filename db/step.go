package db

import (
	"context"
	"fmt"

	"github.com/signoff/signoff/model"
)

// Step returns the review step an event belongs to: its suggestion (if
// any), decisions oldest first, executions, the evidence they cite or
// review and the target asset's records (all of them when there are few,
// else those nearest the step: model.Step says which), and the verdicts.
//
// It is two statements in one read, whatever the step holds: the
// subject and the step's own records (stepRecords), and its evidence
// (stepEvidence), which depends on what the records say. On a server each
// statement is a round trip, and the screen reads a step at every move
// onto a step row.
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
	r := d.incidentReader(tx, incident)
	inc, err := d.stepRecords(ctx, r, incident, eventID, &step)
	if err != nil {
		return step, err
	}
	if err := stepEvidence(ctx, r, inc, &step); err != nil {
		return step, d.fail(err)
	}
	return step, nil
}

// stepSubjectWith finds, for incident ?1 and event id ?2, the incident's
// key and the review subject the event belongs to (a suggestion, or a
// decision made without one; NULL where there is none), with what
// reviewSubject needs to say why there is none.
const stepSubjectWith = `WITH step_subject AS (SELECT i.seq AS inc, e.kind AS kind, e.decision AS decision,
	CASE e.kind WHEN 'suggestion' THEN e.id
		WHEN 'decision' THEN coalesce(nullif(e.suggestion, ''), e.id)
		WHEN 'execution' THEN coalesce(nullif(e.suggestion, ''),
			(SELECT coalesce(nullif(d.suggestion, ''), d.id) FROM events d WHERE d.inc = i.seq AND d.id = e.decision AND d.kind = 'decision'))
	END AS subject
	FROM incidents i LEFT JOIN events e ON e.inc = i.seq AND e.id = ?2 WHERE i.id = ?1)
`

// The subject's key and id, as the parts of a step's records use them.
const (
	subjectInc = "(SELECT inc FROM step_subject)"
	subjectID  = "(SELECT subject FROM step_subject)"
)

// subjectRow is the row of the records statement that says what
// stepSubjectWith found; an entry's columns carry its strings (the
// subject in the entry's subject, the decision answered in its incident).
const subjectRow = `SELECT 0, 0, '', '', coalesce(decision, ''), coalesce(subject, ''), '', NULL, NULL, NULL, NULL, '` +
	partSubjectOf + `', inc, coalesce(kind, '') FROM step_subject`

// reviewSubject returns the review subject of event id of incident, from the
// row subjectRow read (there is none when there is no such incident:
// noIncident).
func reviewSubject(incident, id string, row taggedEntry) (string, error) {
	kind, subject, decision := row.key, row.e.Subject, row.e.Incident
	switch model.EventKind(kind) {
	case "":
		return "", model.Errorf(model.ENOTFOUND, "incident %s has no event %s", incident, id)
	case model.KindSuggestion, model.KindDecision:
		return subject, nil
	case model.KindExecution:
		if subject == "" {
			return "", internal(fmt.Errorf("execution %s of incident %s answers decision %s, which is not recorded", id, incident, decision))
		}
		return subject, nil
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
