package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/signoff/signoff/model"
)

// ImportResult says what importing one file did.
type ImportResult struct {
	Incident string
	Created  bool           // the incident is new (else records were appended)
	Counts   map[string]int // records added: people, agents, assets, evidence, events, reviews
}

func (r *ImportResult) add(what string) {
	if r.Counts == nil {
		r.Counts = map[string]int{}
	}
	r.Counts[what]++
}

// at prefixes a message with the file and, when known, line and column.
func at(name string, line, col int, msg string) error {
	switch {
	case line > 0 && col > 0:
		return model.Errorf(model.EINVALID, "%s line %d column %d: %s", name, line, col, msg)
	case line > 0:
		return model.Errorf(model.EINVALID, "%s line %d: %s", name, line, msg)
	}
	return model.Errorf(model.EINVALID, "%s: %s", name, msg)
}

// within names the file (and line) in front of a model error, keeping its code.
func within(name string, line int, err error) error {
	var me *model.Error
	if !errors.As(err, &me) {
		return err
	}
	where := name
	if line > 0 {
		where = fmt.Sprintf("%s line %d", name, line)
	}
	return &model.Error{Code: me.Code, Message: where + ": " + me.Message}
}

// timeRange refuses times the store cannot order (before 1678, after 2262).
func timeRange(what, field string) error {
	return model.Errorf(model.EINVALID, "%s: field %q is outside the years 1678 to 2262 that signoff can store", what, field)
}

func eventTimes(e *model.Event) error {
	if !storable(e.At) {
		return timeRange("event "+e.ID, "at")
	}
	return nil
}

func evidenceTimes(e *model.Evidence) error {
	if !storable(e.CollectedAt) {
		return timeRange("evidence "+e.ID, "collected_at")
	}
	return nil
}

func reviewTimes(r *model.Review) error {
	if !storable(r.At) {
		return timeRange("review of "+r.Subject, "at")
	}
	return nil
}

func incidentTimes(i *model.Incident) error {
	if !storable(i.OpenedAt) {
		return timeRange("incident "+i.ID, "opened_at")
	}
	return nil
}

// incidentSeq returns the internal key of an incident, or 0 when absent.
func incidentSeq(ctx context.Context, q querier, id string) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, "SELECT seq FROM incidents WHERE id = ?", id).Scan(&seq)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return seq, err
}

// querier is what *sql.DB, *sql.Tx and *sql.Conn share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// misplacedReview finds a verdict (written at or after seq from) whose
// subject is a decision that answers a suggestion: the subject of that step
// is the suggestion (SPEC.md "Review verdicts").
func misplacedReview(ctx context.Context, q querier, inc, from int64) error {
	var subject, suggestion string
	err := q.QueryRowContext(ctx, `SELECT r.subject, e.suggestion FROM reviews r
		JOIN events e ON e.inc = r.inc AND e.id = r.subject
		WHERE r.inc = ? AND r.seq >= ? AND e.kind = 'decision' AND e.suggestion IS NOT NULL
		ORDER BY r.seq LIMIT 1`, inc, from).Scan(&subject, &suggestion)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	return model.Errorf(model.EINVALID, "review of %s: field \"subject\" names a decision that answers suggestion %s; the verdict belongs to %s", subject, suggestion, suggestion)
}
