package db

import (
	"context"
	"database/sql"

	"github.com/signoff/signoff/model"
)

// pendingKeys are the columns of pending_items the queue's order needs,
// for every pending item of the incidents: six columns instead of ten,
// which is most of what a row costs to read.
// (%[1]s is the dialect's list of the incidents.)
const pendingKeys = `SELECT p.inc, p.id, p.at, p.action, coalesce(p.target, ''), p.rank
	FROM pending_items p
	WHERE p.inc IN (%[1]s)
	ORDER BY p.inc, p.seq`

// targetPrivilege is whether each target those rows name is privileged
// (the tier of a containment steps up), read from the asset's entry in
// SQL, without decoding or checking it: it orders, it is not shown.
// (%[2]s is the dialect's reading of the payload's "privileged".)
const targetPrivilege = `SELECT t.inc, t.target, coalesce(%[2]s, '') FROM
	(SELECT DISTINCT inc, target FROM pending_items WHERE inc IN (%[1]s) AND target IS NOT NULL) t
	JOIN assets a ON a.inc = t.inc AND a.id = t.target
	JOIN chain c ON c.seq = a.seq`

// PendingQueueHead reads, in one snapshot, the sort keys of every pending
// item, hands them to pick, and reads the items of the incidents it names
// as PendingQueue does (their target entries, first approvals and
// incident entries checked). Claims, notes and statuses are the whole
// queue's. It leaves PendingQueue's kept snapshot alone.
func (d *DB) PendingQueueHead(ctx context.Context, pick func([]model.PendingItem) []string) (model.QueueHead, error) {
	var h model.QueueHead
	tx, err := d.readTx(ctx)
	if err != nil {
		return h, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM chain").Scan(&h.Seq); err != nil {
		return h, d.fail(err)
	}
	r := d.reader(tx)
	incs, err := openIncidentsOf(ctx, r)
	if err != nil {
		return h, d.fail(err)
	}
	keys, err := sortKeys(ctx, r, incs)
	if err != nil {
		return h, d.fail(err)
	}
	with := map[string]bool{}
	for i := range keys {
		with[keys[i].Incident] = true
	}
	h.Pending, h.Incidents = len(keys), len(with)
	picked := map[string]bool{}
	for _, id := range pick(keys) {
		picked[id] = true
	}
	var read []openIncident
	h.Status = make(map[string]model.Status, len(incs))
	for _, inc := range incs {
		h.Status[inc.ID] = inc.Status
		if picked[inc.ID] && with[inc.ID] {
			read = append(read, inc)
		}
	}
	h.Whole = len(read) == len(with)
	if len(read) > 0 {
		if h.Items, err = pendingItems(ctx, r, read, 0, nil, d.sq.pendingAll); err != nil {
			return h, d.fail(err)
		}
	}
	if err := d.queueAround(ctx, tx, r, &h.Queue); err != nil {
		return h, d.fail(err)
	}
	return h, nil
}

// sortKeys reads the sort keys of the pending items of incs.
func sortKeys(ctx context.Context, r *reader, incs []openIncident) ([]model.PendingItem, error) {
	if len(incs) == 0 {
		return nil, nil
	}
	list, err := incidentList(incs)
	if err != nil {
		return nil, err
	}
	byseq := make(map[int64]*openIncident, len(incs))
	for i := range incs {
		byseq[incs[i].seq] = &incs[i]
	}
	privileged := map[assetKey]*model.Asset{}
	err = eachRow(ctx, r, r.d.sq.targetPrivilege, []any{list}, func(rows *sql.Rows) error {
		var k assetKey
		var flag string
		if err := rows.Scan(&k.inc, &k.id, &flag); err != nil {
			return err
		}
		// SQLite reads a JSON true as 1, PostgreSQL as "true".
		privileged[k] = &model.Asset{ID: k.id, Privileged: flag == "true" || flag == "1"}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var size int
	if err := r.QueryRowContext(ctx, r.d.sq.pendingCount, list).Scan(&size); err != nil {
		return nil, err
	}
	keys := make([]model.PendingItem, 0, size)
	err = eachRow(ctx, r, r.d.sq.pendingKeys, []any{list}, func(rows *sql.Rows) error {
		keys = append(keys, model.PendingItem{})
		k := &keys[len(keys)-1]
		var inc, at int64
		if err := rows.Scan(&inc, &k.Suggestion, &at, &k.Action.Type, &k.Action.Target, &k.Rank); err != nil {
			return err
		}
		k.Incident, k.At = byseq[inc].ID, fromNanos(at)
		if k.Action.Target != "" {
			k.Target = privileged[assetKey{inc, k.Action.Target}]
		}
		return nil
	})
	return keys, err
}

// queueAround reads what the queue shows around its items: the live
// claims, and the latest hand-off note of each incident in q.Status.
// Claims and notes are few and change outside the snapshot's logic (a
// claim writes no chain entry): they are read every time.
func (d *DB) queueAround(ctx context.Context, tx *sql.Tx, r *reader, q *model.Queue) error {
	var err error
	if q.Claims, err = claimsAt(ctx, tx, d.now()); err != nil {
		return err
	}
	notes, counts, err := latestHandoffs(ctx, r)
	if err != nil {
		return err
	}
	q.Handoffs, q.HandoffCount = map[string]model.HandoffNote{}, map[string]int{}
	for id := range q.Status {
		if n, ok := notes[id]; ok {
			q.Handoffs[id], q.HandoffCount[id] = n, counts[id]
		}
	}
	return nil
}
