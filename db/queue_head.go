package db

import (
	"context"
	"database/sql"
	"encoding/json"

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

// privilegedAssets are the privileged assets of the incidents (the tier
// of a containment aimed at one steps up), read from their entries in
// SQL, without decoding or checking them: they order, they are not shown.
// Each entry is looked up by its seq: as a join, PostgreSQL scanned the
// whole chain, parsing every payload (26 ms at 16,000 entries, against
// 5 ms). (%[2]s is the dialect's reading of the payload's "privileged":
// SQLite gives a JSON true as 1, PostgreSQL as true.)
const privilegedAssets = `SELECT a.inc, a.id FROM assets a
	WHERE a.inc IN (%[1]s) AND CAST((SELECT %[2]s FROM chain c WHERE c.seq = a.seq) AS TEXT) IN ('1', 'true')`

// liveIncidents are the incidents openIncidents reads, by seq, id and
// status in force only: the head reads the entries of those it shows.
// (%[1]s is inForceStatus.)
const liveIncidents = `SELECT i.seq, i.id, %[1]s FROM incidents i JOIN chain c ON c.seq = i.seq` +
	inForceJoin + ` WHERE %[1]s IN ('open', 'contained') ORDER BY i.seq`

// openIncidentsIn are the incidents of openIncidents whose seqs are in
// a list, in one statement. (%[1]s and %[2]s are inForceColumns and
// inForceStatus, %[3]s the dialect's list of the incidents.)
const openIncidentsIn = `SELECT ` + entryColumns + `, %[1]s FROM incidents i JOIN chain c ON c.seq = i.seq` +
	inForceJoin + ` WHERE i.seq IN (%[3]s) AND %[2]s IN ('open', 'contained') ORDER BY i.seq`

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
	if h.Seq, err = lastEntry(ctx, tx); err != nil {
		return h, d.fail(err)
	}
	r := d.reader(tx)
	live, err := liveIncidentsOf(ctx, r)
	if err != nil {
		return h, d.fail(err)
	}
	keys, err := sortKeys(ctx, r, live)
	if err != nil {
		return h, d.fail(err)
	}
	with := map[string]bool{}
	for i := range keys {
		with[keys[i].Incident] = true
		if keys[i].GateEnded != nil {
			h.PendingGateEnded++
		}
	}
	h.Pending, h.Incidents = len(keys), len(with)
	h.Status = make(map[string]model.Status, len(live))
	seqs := make(map[string]int64, len(live))
	for _, inc := range live {
		h.Status[inc.id], seqs[inc.id] = inc.status, inc.seq
	}
	// The picked incidents are read as PendingQueue reads them: their
	// entries and those of their status changes checked.
	var picked []int64
	for _, id := range pick(keys) {
		if with[id] {
			with[id] = false
			picked = append(picked, seqs[id])
		}
	}
	var read []openIncident
	if len(picked) > 0 {
		list, err := json.Marshal(picked)
		if err != nil {
			return h, d.fail(err)
		}
		if read, err = openIncidentsBy(ctx, r, d.sq.openIncidentsIn, string(list)); err != nil {
			return h, d.fail(err)
		}
	}
	for _, inc := range read {
		h.Status[inc.ID] = inc.Status // what is shown is what was checked
	}
	h.Whole = len(read) == h.Incidents
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

type liveIncident struct {
	seq    int64
	id     string
	status model.Status
}

func liveIncidentsOf(ctx context.Context, r *reader) ([]liveIncident, error) {
	var out []liveIncident
	err := eachRow(ctx, r, r.d.sq.liveIncidents, nil, func(rows *sql.Rows) error {
		var l liveIncident
		err := rows.Scan(&l.seq, &l.id, &l.status)
		out = append(out, l)
		return err
	})
	return out, err
}

// sortKeys reads the sort keys of the pending items of incs.
func sortKeys(ctx context.Context, r *reader, incs []liveIncident) ([]model.PendingItem, error) {
	if len(incs) == 0 {
		return nil, nil
	}
	seqs := make([]int64, len(incs))
	ids := make(map[int64]string, len(incs))
	for i, inc := range incs {
		seqs[i], ids[inc.seq] = inc.seq, inc.id
	}
	raw, err := json.Marshal(seqs)
	if err != nil {
		return nil, err
	}
	list := string(raw)
	privileged := map[assetKey]*model.Asset{}
	err = eachRow(ctx, r, r.d.sq.privilegedAssets, []any{list}, func(rows *sql.Rows) error {
		var k assetKey
		err := rows.Scan(&k.inc, &k.id)
		privileged[k] = &model.Asset{ID: k.id, Privileged: true}
		return err
	})
	if err != nil {
		return nil, err
	}
	var size int
	if err := r.QueryRowContext(ctx, r.d.sq.pendingCount, list).Scan(&size); err != nil {
		return nil, err
	}
	// A key's note is read from the events table, not its entry: a key
	// orders, it is never shown.
	notes, err := gateNotesIn(ctx, r, list)
	if err != nil {
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
		k.Incident, k.At = ids[inc], fromNanos(at)
		if n, ok := notes[assetKey{inc, k.Suggestion}]; ok {
			k.GateEnded = &n.end
		}
		if t := k.Action.Target; t != "" {
			k.Target = privileged[assetKey{inc, t}]
			if k.Target == nil {
				// Not privileged (or no asset by that name): either way
				// the tier does not step up.
				k.Target = &model.Asset{ID: t}
			}
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
	listed := make([]string, 0, len(q.Status))
	for id := range q.Status {
		listed = append(listed, id)
	}
	q.Alike, err = d.incidentTwins(ctx, tx, listed)
	return err
}
