package db

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/signoff/signoff/model"
)

var _ model.QueueStore = (*DB)(nil)

// pendingSelect reads the queue's rows of one incident: its suggestions
// that no decision or execution answers. The few fields a row shows come
// out of the payload with json_extract, so a queue of thousands costs no
// full decode; the target asset and any first approval are small and
// decoded once each.
const pendingSelect = `SELECT s.id, s.at, s.actor, coalesce(s.action, ''), coalesce(s.target, ''),
		json_extract(c.payload, '$.action.detail', '$.confidence', '$.rank', '$.expires_at'),
		coalesce(a.seq, 0),
		EXISTS (SELECT 1 FROM events v WHERE v.inc = s.inc AND v.target = s.target AND v.kind = 'evidence'),
		coalesce((SELECT max(q.seq) FROM queue_approvals q WHERE q.inc = s.inc AND q.suggestion = s.id), 0)
	FROM events s
	JOIN chain c ON c.seq = s.seq
	LEFT JOIN assets a ON a.inc = s.inc AND a.id = s.target
	WHERE s.inc = ?1 AND s.kind = 'suggestion'
	AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = s.inc AND x.suggestion = s.id)`

const pendingOne = pendingSelect + ` AND s.id = ?2`

// openIncidents are the incidents whose suggestions the queue shows. An
// incident record never changes, so neither does its status.
const openIncidents = `SELECT i.seq, c.payload FROM incidents i JOIN chain c ON c.seq = i.seq
	WHERE json_extract(c.payload, '$.status') IN ('open', 'contained')`

// PendingQueue lists every pending suggestion of open and contained
// incidents, with the chain head of the same snapshot. It reads incident
// by incident, so its cost follows the open incidents, not the history.
func (d *DB) PendingQueue(ctx context.Context) (model.Queue, error) {
	var q model.Queue
	tx, err := d.readTx(ctx)
	if err != nil {
		return q, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM chain").Scan(&q.Seq); err != nil {
		return q, d.fail(err)
	}
	incs, err := openIncidentsOf(ctx, tx)
	if err != nil {
		return q, d.fail(err)
	}
	stmt, err := tx.PrepareContext(ctx, pendingSelect)
	if err != nil {
		return q, d.fail(err)
	}
	defer stmt.Close()
	for _, inc := range incs {
		if q.Items, err = pendingItems(ctx, tx, stmt, inc, q.Items, inc.seq); err != nil {
			return q, d.fail(err)
		}
	}
	return q, nil
}

type openIncident struct {
	seq int64
	model.Incident
}

func openIncidentsOf(ctx context.Context, tx *sql.Tx) ([]openIncident, error) {
	rows, err := tx.QueryContext(ctx, openIncidents)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []openIncident
	for rows.Next() {
		var o openIncident
		var payload []byte
		if err := rows.Scan(&o.seq, &payload); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(payload, &o.Incident); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// pendingItems appends the pending items of one incident to items.
func pendingItems(ctx context.Context, tx *sql.Tx, stmt *sql.Stmt, inc openIncident, items []model.PendingItem, args ...any) ([]model.PendingItem, error) {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	assets := map[int64]*model.Asset{}
	from := len(items)
	var firsts []int64
	for rows.Next() {
		it := model.PendingItem{Incident: inc.ID, IncidentTitle: inc.Title, Severity: inc.Severity}
		var at int64
		var fields []byte
		var assetSeq, firstSeq int64
		err := rows.Scan(&it.Suggestion, &at, &it.Agent, &it.Action.Type, &it.Action.Target, &fields,
			&assetSeq, &it.Preserved, &firstSeq)
		if err != nil {
			return nil, err
		}
		it.At = fromNanos(at)
		// One parse of the payload gives [detail, confidence, rank, expires_at].
		var f [4]json.RawMessage
		if err := json.Unmarshal(fields, &f); err != nil {
			return nil, err
		}
		for i, v := range []any{&it.Action.Detail, &it.Confidence, &it.Rank, &it.ExpiresAt} {
			if len(f[i]) > 0 && string(f[i]) != "null" {
				if err := json.Unmarshal(f[i], v); err != nil {
					return nil, err
				}
			}
		}
		if assetSeq != 0 {
			if assets[assetSeq] == nil {
				assets[assetSeq] = &model.Asset{}
			}
			it.Target = assets[assetSeq]
		}
		items = append(items, it)
		firsts = append(firsts, firstSeq)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for seq, a := range assets {
		if err := payloadOf(ctx, tx, seq, a); err != nil {
			return nil, err
		}
	}
	for i, seq := range firsts {
		if seq == 0 {
			continue
		}
		var fa model.PendingApproval
		if err := payloadOf(ctx, tx, seq, &fa); err != nil {
			return nil, err
		}
		items[from+i].FirstApproval = &fa
	}
	return items, nil
}

// PendingDetail loads one pending item in full: the suggestion, the
// evidence it cites and the evidence for its target, the agent chain and
// the incident's people. ENOTFOUND when the item is no longer pending.
func (d *DB) PendingDetail(ctx context.Context, incident, suggestion string) (model.PendingDetail, error) {
	var pd model.PendingDetail
	tx, err := d.readTx(ctx)
	if err != nil {
		return pd, err
	}
	defer tx.Rollback()
	inc, err := d.mustIncident(ctx, tx, incident)
	if err != nil {
		return pd, err
	}
	var open openIncident
	if err := payloadOf(ctx, tx, inc, &open.Incident); err != nil {
		return pd, d.fail(err)
	}
	stmt, err := tx.PrepareContext(ctx, pendingOne)
	if err != nil {
		return pd, d.fail(err)
	}
	defer stmt.Close()
	var items []model.PendingItem
	if open.Status == model.StatusOpen || open.Status == model.StatusContained {
		if items, err = pendingItems(ctx, tx, stmt, open, nil, inc, suggestion); err != nil {
			return pd, d.fail(err)
		}
	}
	if len(items) == 0 {
		return pd, model.Errorf(model.ENOTFOUND, "%s/%s is not a pending suggestion of an open incident", incident, suggestion)
	}
	pd.Item = items[0]
	if err := loadDetail(ctx, tx, inc, &pd); err != nil {
		return pd, d.fail(err)
	}
	return pd, nil
}

// maxTickable bounds the evidence offered for ticking in the form: the
// cited and target records always come first.
const maxTickable = 200

func loadDetail(ctx context.Context, tx *sql.Tx, inc int64, pd *model.PendingDetail) error {
	found, err := records[model.Event](ctx, tx, eventByID, inc, pd.Item.Suggestion)
	if err != nil || len(found) == 0 {
		return err
	}
	pd.Suggestion = found[0]
	for _, id := range pd.Suggestion.Evidence {
		ev, err := records[model.Evidence](ctx, tx, evidenceByID, inc, id)
		if err != nil {
			return err
		}
		pd.Cited = append(pd.Cited, ev...)
	}
	sortEvidence(pd.Cited)
	if t := pd.Item.Action.Target; t != "" {
		if pd.TargetEvidence, err = records[model.Evidence](ctx, tx, evidenceForAsset, inc, t); err != nil {
			return err
		}
		sortEvidence(pd.TargetEvidence)
	}
	r, err := roster(ctx, tx, inc)
	if err != nil {
		return err
	}
	pd.People, pd.Agents = r.People, r.Agents
	byID := map[string]model.Agent{}
	for _, a := range r.Agents {
		byID[a.ID] = a
	}
	pd.Chain = model.AgentChain(byID, pd.Item.Agent)
	pd.Evidence = tickable(pd.Cited, pd.TargetEvidence)
	rest, err := records[model.Evidence](ctx, tx, evidenceRows+" LIMIT ?", inc, maxTickable)
	if err != nil {
		return err
	}
	pd.Evidence = tickable(pd.Evidence, rest)
	return nil
}

// tickable joins evidence lists, each record once, first list first.
func tickable(lists ...[]model.Evidence) []model.Evidence {
	var out []model.Evidence
	seen := map[string]bool{}
	for _, l := range lists {
		for _, e := range l {
			if !seen[e.ID] && len(out) < maxTickable {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	return out
}

func sortEvidence(ev []model.Evidence) {
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && evidenceBefore(ev[j], ev[j-1]); j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
}

func evidenceBefore(a, b model.Evidence) bool {
	if !a.CollectedAt.Equal(b.CollectedAt) {
		return a.CollectedAt.Before(b.CollectedAt)
	}
	return a.ID < b.ID
}

// approvalOf decodes a first approval's payload.
func approvalOf(payload []byte) (model.PendingApproval, error) {
	var fa model.PendingApproval
	err := json.Unmarshal(payload, &fa)
	return fa, err
}
