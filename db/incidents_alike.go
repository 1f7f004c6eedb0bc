package db

import (
	"context"
	"sort"

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
// read, in the order recorded: the twin need not be listed.
func incidentTwins(ctx context.Context, q querier, listed []string) (map[string]string, error) {
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
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out map[string]string
	twins := alike.Twins(ids)
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
