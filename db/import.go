package db

import (
	"context"
	"database/sql"

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
