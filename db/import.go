package db

import (
	"context"
	"database/sql"
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
