package db

import (
	"context"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
)

// actsAsLookAlike is called when person names no person of an incident:
// it refuses, with model.ActsAsLookAlike, a person that reads like one of
// the incident's people or agents, and is nil otherwise (the caller then
// gives its own refusal). The roster is small, so it is read whole.
func (d *DB) actsAsLookAlike(ctx context.Context, q querier, inc int64, incident, person string) error {
	rows, err := q.QueryContext(ctx, "SELECT 'person', id FROM people WHERE inc = ? UNION ALL SELECT 'agent', id FROM agents WHERE inc = ?", inc, inc)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, id string
		if err := rows.Scan(&kind, &id); err != nil {
			return d.fail(err)
		}
		if id != person && alike.Same(id, person) {
			return model.ActsAsLookAlike(person, incident, kind, id)
		}
	}
	return d.fail(rows.Err())
}
