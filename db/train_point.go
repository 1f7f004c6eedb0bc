package db

import (
	"context"
	"database/sql"
	"math"

	"github.com/signoff/signoff/model"
)

// A run answers its incident's decision points one by one, in the
// timeline's order (time, then id), as the replay reaches them: the screen
// stops at each and goes on only once the choice is saved, and a resume
// goes on after the latest choice in that order (docs/training.md). The
// store holds every writer to that, not only the screen: a choice on a
// point the run has not reached would be made knowing what the replay had
// not shown, and one on a suggestion the replay asks nothing at is scored
// against no decision.
const (
	// latestAnswered is the run's choice that comes last in the timeline.
	latestAnswered = `SELECT e.at, e.id FROM training_choices c JOIN events e ON e.inc = ? AND e.id = c.subject
		WHERE c.run = ? ORDER BY e.at DESC, e.id DESC LIMIT 1`
	// nextPoint is the first decision point after a place in the timeline:
	// a suggestion whose final decision is not a deferral (suggestion_facts'
	// "decided", review.IsDecisionPoint).
	nextPoint = `SELECT e.id FROM events e JOIN suggestion_facts f ON f.seq = e.seq
		WHERE e.inc = ? AND e.kind = 'suggestion' AND f.state = 'decided' AND (e.at, e.id) > (?, ?)
		ORDER BY e.at, e.id LIMIT 1`
	isPoint = `SELECT count(*) FROM events e JOIN suggestion_facts f ON f.seq = e.seq
		WHERE e.inc = ? AND e.id = ? AND f.state = 'decided'`
)

// mustBeNextPoint refuses a choice on anything but the run's next decision
// point: the first after its latest choice in the timeline's order, or the
// incident's first when it has none.
func (d *DB) mustBeNextPoint(ctx context.Context, tx *sql.Tx, run, inc int64, subject string) error {
	var points int
	if err := tx.QueryRowContext(ctx, isPoint, inc, subject).Scan(&points); err != nil {
		return d.fail(err)
	}
	if points == 0 {
		return model.Errorf(model.EINVALID, "training run %d: %s is not a decision point (a suggestion whose final decision is not a deferral), so the replay asks no choice there; this choice was not saved",
			run, word(subject))
	}
	var at int64 = math.MinInt64
	var latest string
	err := tx.QueryRowContext(ctx, latestAnswered, inc, run).Scan(&at, &latest)
	if err != nil && err != sql.ErrNoRows {
		return d.fail(err)
	}
	var next string
	err = tx.QueryRowContext(ctx, nextPoint, inc, at, latest).Scan(&next)
	if err != nil && err != sql.ErrNoRows {
		return d.fail(err)
	}
	if next == subject {
		return nil
	}
	where := "is at " + next + ", its next decision point"
	if next == "" {
		where = "has no decision point left to answer"
	}
	after := "from the start of the timeline"
	if latest != "" {
		after = "after its choice on " + latest + " in the timeline's order"
	}
	return model.Errorf(model.EINVALID, "training run %d %s %s; a choice on %s was not saved: a run answers its decision points one by one, in the timeline's order, as the replay reaches them",
		run, where, after, word(subject))
}
