package db

import (
	"context"
	"database/sql"
	"slices"

	"github.com/signoff/signoff/model"
)

// evidenceAt is one evidence record of an asset: when, its entry, and
// the record's id, which the entry is held to (ofRow).
type evidenceAt struct {
	at, seq int64
	id      string
}

// loadAssetEvidence reads every asset's evidence records' times.
func loadAssetEvidence(ctx context.Context, q querier, inc int64) (map[string][]evidenceAt, error) {
	out := map[string][]evidenceAt{}
	rows, err := q.QueryContext(ctx, assetEvidence, inc)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var last string
	var list []evidenceAt
	for rows.Next() {
		var asset sql.RawBytes
		var e evidenceAt
		if err := rows.Scan(&asset, &e.at, &e.seq, &e.id); err != nil {
			return nil, err
		}
		if string(asset) != last {
			if list != nil {
				out[last] = list
			}
			last, list = string(asset), nil
		}
		list = append(list, e)
	}
	if list != nil {
		out[last] = list
	}
	return out, rows.Err()
}

// maxReviewed bounds the subjects with a verdict a walk holds.
const maxReviewed = 1 << 18

// reviewedSubjects is the incident's subjects with a verdict, or nil when
// there are more than maxReviewed: most steps have none, and a batch's
// verdicts were read with an index seek for every subject of the batch
// (560k seeks for 71k verdicts in a generated million-event incident).
func reviewedSubjects(ctx context.Context, q querier, inc int64) (map[string]struct{}, error) {
	rows, err := q.QueryContext(ctx, reviewedSubjectsOf, inc, maxReviewed+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]struct{}{}
	for rows.Next() {
		var subject string
		if err := rows.Scan(&subject); err != nil {
			return nil, err
		}
		out[subject] = struct{}{}
	}
	if len(out) > maxReviewed {
		return nil, rows.Err()
	}
	return out, rows.Err()
}

// withVerdicts is the subjects of list that have a verdict.
func (w *stepWalk) withVerdicts(list []string) []string {
	if w.reviewed == nil {
		return list
	}
	return slices.DeleteFunc(list, func(s string) bool {
		_, ok := w.reviewed[s]
		return !ok
	})
}

// start reads what every step is judged by: the incident, its status
// changes, its roster and how many evidence records each asset has.
func (w *stepWalk) start(ctx context.Context) (model.WalkStart, error) {
	var ws model.WalkStart
	if err := payloadOf(ctx, w.r, w.inc, &ws.Incident); err != nil {
		return ws, w.d.fail(err)
	}
	ws.Incident.Normalize()
	changes, err := records[model.StatusChange](ctx, w.r, statusRows, w.inc)
	if err != nil {
		return ws, w.d.fail(err)
	}
	for i := range changes {
		changes[i].Normalize()
	}
	if len(changes) > 0 {
		ws.StatusChanges = changes
	}
	if ws.Roster, err = roster(ctx, w.r, w.inc); err != nil {
		return ws, w.d.fail(err)
	}
	if w.byAsset, err = loadAssetEvidence(ctx, w.r, w.inc); err != nil {
		return ws, w.d.fail(err)
	}
	if w.reviewed, err = reviewedSubjects(ctx, w.r, w.inc); err != nil {
		return ws, w.d.fail(err)
	}
	ws.AssetEvidence = make(map[string]int, len(w.byAsset))
	for asset, list := range w.byAsset {
		ws.AssetEvidence[asset] = len(list)
	}
	w.life = model.LifecycleOf(ws.Incident, ws.StatusChanges)
	w.assets = make(map[string]*model.Asset, len(ws.Roster.Assets))
	for i := range ws.Roster.Assets {
		w.assets[ws.Roster.Assets[i].ID] = &ws.Roster.Assets[i]
	}
	return ws, nil
}
