package db

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"sync"

	"github.com/signoff/signoff/model"
)

// queueCache keeps PendingQueue's last snapshot, incident by incident. The
// record is append-only and every write appends a chain entry naming its
// incident, so after the snapshot's chain head only the incidents named by
// newer entries can have changed: a refresh re-reads those and reuses the
// rest. Anything unexpected (the chain shorter than the snapshot) reloads
// everything.
type queueCache struct {
	mu    sync.Mutex
	seq   int64                         // chain head of the snapshot; 0 when empty
	incs  []openIncident                // open incidents, in seq order
	items map[int64][]model.PendingItem // pending items of each open incident
}

// touchedIncidents are the incidents named by chain entries after a seq.
const touchedIncidents = `SELECT DISTINCT incident FROM chain WHERE seq > ?1`

// openIncidentByID reads one incident when its status in force is open or
// contained (see openIncidents).
// (%[1]s and %[2]s are inForceColumns and inForceStatus.)
const openIncidentByID = `SELECT ` + entryColumns + `, %[1]s FROM incidents i JOIN chain c ON c.seq = i.seq` +
	inForceJoin + ` WHERE i.id = ?1 AND %[2]s IN ('open', 'contained')`

// pending returns the queue as of head, reading only what changed since
// the cached snapshot, and the status in force of each open incident.
func (c *queueCache) pending(ctx context.Context, r *reader, head int64) ([]model.PendingItem, map[string]model.Status, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq == 0 || head < c.seq {
		if err := c.reload(ctx, r, head); err != nil {
			c.seq = 0
			return nil, nil, err
		}
	} else if head > c.seq {
		if err := c.update(ctx, r); err != nil {
			c.seq = 0
			return nil, nil, err
		}
	}
	c.seq = head
	n := 0
	for _, items := range c.items {
		n += len(items)
	}
	out := make([]model.PendingItem, 0, n)
	status := make(map[string]model.Status, len(c.incs))
	for _, inc := range c.incs {
		out = append(out, c.items[inc.seq]...)
		status[inc.ID] = inc.Status
	}
	return out, status, nil
}

// reload reads the whole queue as of head. The target assets of many
// incidents are read beside the rows, on a second transaction.
func (c *queueCache) reload(ctx context.Context, r *reader, head int64) error {
	incs, err := openIncidentsOf(ctx, r)
	if err != nil {
		return err
	}
	c.incs, c.items = nil, map[int64][]model.PendingItem{}
	var early *assetRead
	if len(incs) >= parallelFrom {
		list, err := incidentList(incs)
		if err != nil {
			return err
		}
		early = r.d.startAssetRead(ctx, list, head)
	}
	return c.read(ctx, r, incs, early)
}

// parallelFrom is how many open incidents make the second transaction
// worth its cost.
const parallelFrom = 50

// update re-reads the incidents named by entries after c.seq: one that is
// open replaces its items (a new one joins in seq order), one that is not
// leaves the queue.
func (c *queueCache) update(ctx context.Context, r *reader) error {
	var ids []string
	err := eachRow(ctx, r, touchedIncidents, []any{c.seq}, func(rows *sql.Rows) error {
		var id string
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return err
	}
	var open []openIncident
	gone := map[string]bool{}
	for _, id := range ids {
		inc, err := openIncidentOf(ctx, r, id)
		if err != nil {
			return err
		}
		gone[id] = true
		if inc != nil {
			open = append(open, *inc)
		}
	}
	c.incs = slices.DeleteFunc(c.incs, func(o openIncident) bool {
		if gone[o.ID] {
			delete(c.items, o.seq)
		}
		return gone[o.ID]
	})
	return c.read(ctx, r, open, nil)
}

// read adds the pending items of incs to the cache.
func (c *queueCache) read(ctx context.Context, r *reader, incs []openIncident, early *assetRead) error {
	items, err := pendingItems(ctx, r, incs, 0, early, r.d.sq.pendingAll)
	if err != nil {
		return err
	}
	seqs := make(map[string]int64, len(incs))
	for _, inc := range incs {
		seqs[inc.ID] = inc.seq
		c.incs = append(c.incs, inc)
	}
	slices.SortFunc(c.incs, func(a, b openIncident) int { return cmp.Compare(a.seq, b.seq) })
	// The items come incident by incident: each incident keeps its run
	// of them, capped so that nothing appended later writes into the next.
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].Incident == items[i].Incident {
			j++
		}
		c.items[seqs[items[i].Incident]] = items[i:j:j]
		i = j
	}
	return nil
}

// openIncidentOf reads an incident, or nil when it is not open.
func openIncidentOf(ctx context.Context, r *reader, id string) (*openIncident, error) {
	var change int64
	var status string
	e, err := scanEntry(r.QueryRowContext(ctx, r.d.sq.openIncidentByID, id), &change, &status)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.check(&e)
	o := openIncident{seq: e.Seq, change: change}
	if err := decodeEntry(&e, &o.Incident); err != nil {
		return nil, err
	}
	if status != "" {
		o.Status = model.Status(status)
	}
	return &o, checkChanges(ctx, r, o)
}
