package db

import (
	"context"
	"sort"
	"sync"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
)

// markLookAlikes sets ReadsLike on each summary whose incident id reads
// like another's: a pair stored before imports refused one. seqs are the
// summaries' incidents; the ids go to alike in the order recorded, so the
// first stored of a pair is the one the others are taken for.
func markLookAlikes(out []model.IncidentSummary, seqs []int64) {
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return seqs[order[a]] < seqs[order[b]] })
	ids := make([]string, len(order))
	for n, i := range order {
		ids[n] = out[i].ID
	}
	twins := alike.Twins(ids)
	if len(twins) == 0 {
		return
	}
	for i := range out {
		out[i].ReadsLike, _ = twins.Of(out[i].ID)
	}
}

// incidentTwins maps each incident of listed whose id reads like another
// incident's to that other id; nil when none does. Every incident id is
// read, in the order recorded: the twin need not be listed. Incidents are
// only ever added, so the same count and last seq mean the same ids, and
// the twins worked out for them last time are used again: a queue refresh
// with nothing new pays two aggregates, not the whole table.
func (d *DB) incidentTwins(ctx context.Context, q querier, listed []string) (map[string]string, error) {
	var n, last int64
	if err := q.QueryRowContext(ctx, "SELECT count(*), coalesce(max(seq), 0) FROM incidents").Scan(&n, &last); err != nil {
		return nil, err
	}
	twins, ok := d.twins.get(n, last)
	if !ok {
		ids, err := incidentIDs(ctx, q)
		if err != nil {
			return nil, err
		}
		twins = alike.Twins(ids)
		d.twins.put(n, last, twins)
	}
	var out map[string]string
	for _, id := range listed {
		if twin, ok := twins.Of(id); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[id] = twin
		}
	}
	return out, nil
}

// incidentIDs reads every incident id in the order recorded.
func incidentIDs(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT id FROM incidents ORDER BY seq")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// twinMemo keeps the incident twins last worked out, with the count and
// last seq of the incidents they were worked out from.
type twinMemo struct {
	mu      sync.Mutex
	n, last int64
	twins   model.Twins
	worked  bool
}

func (m *twinMemo) get(n, last int64) (model.Twins, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.twins, m.worked && m.n == n && m.last == last
}

func (m *twinMemo) put(n, last int64, twins model.Twins) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n, m.last, m.twins, m.worked = n, last, twins, true
}
