package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/signoff/signoff/model"
)

var _ model.QueueStore = (*DB)(nil)

// pendingSelect reads the queue's rows: suggestions of open or contained
// incidents that no decision or execution answers. The few fields a row
// shows come out of the payload with json_extract, so a queue of thousands
// costs no full decode; the target asset and any first approval are small
// and decoded once each.
const pendingSelect = `SELECT i.id, json_extract(ic.payload, '$.title'), json_extract(ic.payload, '$.severity'),
		s.id, s.at, s.actor, coalesce(s.action, ''), coalesce(s.target, ''),
		coalesce(json_extract(c.payload, '$.action.detail'), ''), json_extract(c.payload, '$.confidence'),
		coalesce(json_extract(c.payload, '$.rank'), 0), coalesce(json_extract(c.payload, '$.expires_at'), ''),
		coalesce(a.seq, 0),
		EXISTS (SELECT 1 FROM events v WHERE v.inc = s.inc AND v.target = s.target AND v.kind = 'evidence'),
		coalesce((SELECT max(q.seq) FROM queue_approvals q WHERE q.inc = s.inc AND q.suggestion = s.id), 0)
	FROM incidents i
	JOIN chain ic ON ic.seq = i.seq
	JOIN events s ON s.inc = i.seq AND s.kind = 'suggestion'
	JOIN chain c ON c.seq = s.seq
	LEFT JOIN assets a ON a.inc = s.inc AND a.id = s.target
	WHERE json_extract(ic.payload, '$.status') IN ('open', 'contained')
	AND NOT EXISTS (SELECT 1 FROM events x WHERE x.inc = s.inc AND x.suggestion = s.id)`

const pendingOne = pendingSelect + ` AND i.id = ?1 AND s.id = ?2`

// PendingQueue lists every pending suggestion of open and contained
// incidents, with the chain head of the same snapshot.
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
	q.Items, err = pendingItems(ctx, tx, pendingSelect)
	return q, d.fail(err)
}

func pendingItems(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]model.PendingItem, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	assets := map[int64]*model.Asset{}
	var items []model.PendingItem
	var firsts []int64
	for rows.Next() {
		var it model.PendingItem
		var at int64
		var conf sql.NullFloat64
		var expires string
		var assetSeq, firstSeq int64
		err := rows.Scan(&it.Incident, &it.IncidentTitle, &it.Severity, &it.Suggestion, &at, &it.Agent,
			&it.Action.Type, &it.Action.Target, &it.Action.Detail, &conf, &it.Rank, &expires,
			&assetSeq, &it.Preserved, &firstSeq)
		if err != nil {
			return nil, err
		}
		it.At = fromNanos(at)
		if conf.Valid {
			it.Confidence = &conf.Float64
		}
		if expires != "" {
			t, err := time.Parse(time.RFC3339Nano, expires)
			if err != nil {
				return nil, err
			}
			it.ExpiresAt = &t
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
		items[i].FirstApproval = &fa
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
	items, err := pendingItems(ctx, tx, pendingOne, incident, suggestion)
	if err != nil {
		return pd, d.fail(err)
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
