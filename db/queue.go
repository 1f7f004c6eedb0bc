package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
)

var _ model.QueueStore = (*DB)(nil)

// pendingSelect reads the queue's rows from pending_items (migration
// 0005), which holds the suggestions no decision or execution answers with
// the fields a row shows: no suggestion payload is read. The incidents
// come as a JSON array of their seqs. The target assets are read once
// each (targetAssets), not joined to every row.
// (%[1]s is the dialect's list of the incidents, %[2]s a condition.)
const pendingSelect = `SELECT p.inc, p.id, p.at, p.agent, p.action, coalesce(p.target, ''), p.detail,
		coalesce(p.confidence, ''), p.rank, coalesce(p.expires_at, '')
	FROM pending_items p
	WHERE p.inc IN (%[1]s)%[2]s
	ORDER BY p.inc, p.seq`

// targetAssets are the entries of the assets those rows name, each once,
// with the incident and id they are named by.
const targetAssets = `SELECT ` + entryColumns + `, t.inc, t.target FROM
	(SELECT DISTINCT inc, target FROM pending_items WHERE inc IN (%[1]s) AND target IS NOT NULL) t
	JOIN assets a ON a.inc = t.inc AND a.id = t.target
	JOIN chain c ON c.seq = a.seq`

// pendingCount is how many rows pendingSelect will return for the
// incidents, so the items are allocated once rather than grown.
const pendingCount = `SELECT count(*) FROM pending_items WHERE inc IN (%[1]s)`

// preservedTargets are the targets of those rows with evidence on record:
// one probe per asset, not per row.
const preservedTargets = `SELECT t.inc, t.target FROM
	(SELECT DISTINCT inc, target FROM pending_items WHERE inc IN (%[1]s) AND target IS NOT NULL) t
	WHERE EXISTS (SELECT 1 FROM events v WHERE v.inc = t.inc AND v.target = t.target AND v.kind = 'evidence')`

// firstApprovals are the latest first approvals recorded on suggestions of
// those incidents (a decision, once made, takes its suggestion out of the
// queue, so only waiting ones match a row).
const firstApprovals = `SELECT q.inc, q.suggestion, max(q.seq) FROM queue_approvals q
	WHERE q.inc IN (%[1]s) GROUP BY q.inc, q.suggestion`

// openIncidents are the incidents whose suggestions the queue shows, in
// the order they were recorded: those whose status in force (the latest
// status change, else the status recorded with the incident) is open or
// contained, as the chain entries record it.
// (%[1]s and %[2]s are inForceColumns and inForceStatus.)
const openIncidents = `SELECT ` + entryColumns + `, %[1]s FROM incidents i JOIN chain c ON c.seq = i.seq` +
	inForceJoin + ` WHERE %[2]s IN ('open', 'contained') ORDER BY i.seq`

// PendingQueue lists every pending suggestion of open and contained
// incidents, with the chain head of the same snapshot. The store keeps the
// last snapshot (queueCache): a refresh reads only the incidents written
// since. Items share their Target and FirstApproval with later calls, so
// callers treat those as read-only.
func (d *DB) PendingQueue(ctx context.Context) (model.Queue, error) {
	var q model.Queue
	tx, err := d.readTx(ctx)
	if err != nil {
		return q, err
	}
	defer tx.Rollback()
	if q.Seq, err = lastEntry(ctx, tx); err != nil {
		return q, d.fail(err)
	}
	r := d.reader(tx)
	if q.Items, q.Status, err = d.queue.pending(ctx, r, q.Seq); err != nil {
		return q, d.fail(err)
	}
	if err := d.queueAround(ctx, tx, r, &q); err != nil {
		return q, d.fail(err)
	}
	return q, nil
}

type openIncident struct {
	seq    int64
	change int64 // the entry of the status change in force, 0 for none
	model.Incident
}

func openIncidentsOf(ctx context.Context, r *reader) ([]openIncident, error) {
	return openIncidentsBy(ctx, r, r.d.sq.openIncidents)
}

// openIncidentsBy reads the open incidents a statement selects as
// openIncidents does, and checks their entries.
func openIncidentsBy(ctx context.Context, r *reader, query string, args ...any) ([]openIncident, error) {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []openIncident
	for rows.Next() {
		var change int64
		var status string
		e, err := scanEntry(rows, &change, &status)
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
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, checkChanges(ctx, r, out...)
}

// pendingItems reads the pending items of the given incidents, in their
// order and then the order the suggestions were recorded. extra are the
// query's arguments after the incidents; size is how many rows to expect,
// 0 to count them first (the items are allocated once, not grown). early,
// when not nil, is reading the target assets beside it.
//
// The rows come from pending_items, which verify holds to the record; the
// entries of the target assets and first approvals they show are checked
// as they are read.
func pendingItems(ctx context.Context, r *reader, incs []openIncident, size int, early *assetRead, query string, extra ...any) ([]model.PendingItem, error) {
	byseq := make(map[int64]*openIncident, len(incs))
	for i := range incs {
		byseq[incs[i].seq] = &incs[i]
	}
	list, err := incidentList(incs)
	if err != nil {
		return nil, err
	}
	type key = assetKey
	preserved := map[key]bool{}
	firsts := map[key]int64{}
	err = eachRow(ctx, r, r.d.sq.preservedTargets, []any{list}, func(rows *sql.Rows) error {
		var k key
		err := rows.Scan(&k.inc, &k.id)
		preserved[k] = true
		return err
	})
	if err != nil {
		return nil, err
	}
	err = eachRow(ctx, r, r.d.sq.firstApprovals, []any{list}, func(rows *sql.Rows) error {
		var k key
		var seq int64
		err := rows.Scan(&k.inc, &k.id, &seq)
		firsts[k] = seq
		return err
	})
	if err != nil {
		return nil, err
	}
	if size == 0 {
		if err := r.QueryRowContext(ctx, r.d.sq.pendingCount, list).Scan(&size); err != nil {
			return nil, err
		}
	}
	items := make([]model.PendingItem, 0, size)
	incOf := make([]int64, 0, size)
	err = eachRow(ctx, r, query, append([]any{list}, extra...), func(rows *sql.Rows) error {
		items = append(items, model.PendingItem{})
		it := &items[len(items)-1]
		var incSeq, at int64
		var confidence, expires string
		err := rows.Scan(&incSeq, &it.Suggestion, &at, &it.Agent, &it.Action.Type, &it.Action.Target, &it.Action.Detail,
			&confidence, &it.Rank, &expires)
		if err != nil {
			return err
		}
		inc := byseq[incSeq]
		it.Incident, it.IncidentTitle, it.Severity = inc.ID, inc.Title, inc.Severity
		it.At = fromNanos(at)
		it.Preserved = it.Action.Target != "" && preserved[key{incSeq, it.Action.Target}]
		if it.Confidence, err = jsonNumber(confidence); err != nil {
			return err
		}
		if expires != "" {
			t, err := time.Parse(time.RFC3339Nano, expires)
			if err != nil {
				return err
			}
			it.ExpiresAt = &t
		}
		incOf = append(incOf, incSeq)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := setTargets(ctx, r, list, early, items, incOf); err != nil {
		return nil, err
	}
	if err := setGateEnds(ctx, r, list, items, incOf); err != nil {
		return nil, err
	}
	for i := range items {
		seq := firsts[key{incOf[i], items[i].Suggestion}]
		if seq == 0 {
			continue
		}
		fa, err := approvalOf(ctx, r, seq, &items[i])
		if err != nil {
			return nil, err
		}
		items[i].FirstApproval = fa
	}
	return items, nil
}

// approvalOf is the first approval in the entry seq, which a
// queue_approvals row of the item names, checked; nil when the entry is
// not an approval of that item (noted): a row moved from another
// suggestion's approval showed the item "awaiting second approval".
func approvalOf(ctx context.Context, r *reader, seq int64, it *model.PendingItem) (*model.PendingApproval, error) {
	e, err := scanEntry(r.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", seq))
	if err != nil {
		return nil, err
	}
	r.check(&e)
	var fa model.PendingApproval
	if !r.ofKind(&e, &fa) || !r.ofSubject(&e, it.Suggestion) {
		return nil, nil
	}
	if f := movedFault(&e, it.Incident); f != nil {
		r.note(*f)
		return nil, nil
	}
	if err := decodeEntry(&e, &fa); err != nil {
		return nil, err
	}
	return &fa, nil
}

// eachRow runs a query and hands each row to scan.
func eachRow(ctx context.Context, q querier, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PendingDetail loads one pending item in full: the suggestion, the
// evidence it cites and the evidence for its target, the agent chain and
// the incident's people. ENOTFOUND when the item is no longer pending.
func (d *DB) PendingDetail(ctx context.Context, incident, suggestion string) (model.PendingDetail, error) {
	var pd model.PendingDetail
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return pd, err
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, incident)
	open := openIncident{seq: inc}
	if open.Incident, _, err = incidentNow(ctx, r, inc); err != nil {
		return pd, d.fail(err)
	}
	var items []model.PendingItem
	if open.Status.Live() {
		if items, err = pendingItems(ctx, r, []openIncident{open}, 1, nil, d.sq.pendingOne, suggestion); err != nil {
			return pd, d.fail(err)
		}
	}
	if len(items) == 0 {
		return pd, model.Errorf(model.ENOTFOUND, "%s/%s is not a pending suggestion of an open incident", incident, suggestion)
	}
	pd.Item, pd.Commander = items[0], open.Commander
	if err := loadDetail(ctx, r, inc, &pd); err != nil {
		return pd, d.fail(err)
	}
	return pd, nil
}

// holdItem holds a pending item, as its pending_items row gives it, to
// its suggestion s, read from the suggestion's entry. The detail an owner
// reads before approving showed the row alone: a critical deletion edited
// outside signoff into a read-only lookup showed as the suggestion, its
// tier and all, with no banner. A row that differs is noted (ReadFault)
// and the item shows what the entry holds, its target asset read again
// when the row named another.
func holdItem(ctx context.Context, r *reader, inc int64, it *model.PendingItem, s *model.Event) error {
	var want model.Action
	if s.Action != nil {
		want = *s.Action
	}
	var differs string
	switch {
	case !model.SameAction(&it.Action, &want):
		differs = "its action"
	case it.Agent != s.Agent:
		differs = "its agent"
	case (it.Confidence == nil) != (s.Confidence == nil) || it.Confidence != nil && *it.Confidence != *s.Confidence:
		differs = "its confidence"
	case it.Rank != s.Rank:
		differs = "its rank"
	case !it.At.Equal(s.At):
		differs = "its time"
	case (it.ExpiresAt == nil) != (s.ExpiresAt == nil) || it.ExpiresAt != nil && !it.ExpiresAt.Equal(*s.ExpiresAt):
		differs = "its expiry"
	default:
		return nil
	}
	var seq int64
	if err := r.QueryRowContext(ctx, "SELECT seq FROM events WHERE inc = ? AND id = ? AND kind <> 'evidence'", inc, s.ID).Scan(&seq); err != nil {
		return err
	}
	r.note(chain.Fault{Seq: seq, Table: "pending_items", Subject: s.ID,
		Reason: fmt.Sprintf("the row shows what its entry does not (%s), so the row was altered", differs)})
	moved := it.Action.Target != want.Target
	it.Action, it.Agent, it.Confidence, it.Rank, it.At, it.ExpiresAt = want, s.Agent, s.Confidence, s.Rank, s.At, s.ExpiresAt
	if !moved {
		return nil
	}
	it.Target, it.Preserved = nil, false
	if want.Target == "" {
		return nil
	}
	assets, err := recordOf[model.Asset](ctx, r, assetByID, inc, want.Target)
	if err != nil {
		return err
	}
	if len(assets) > 0 {
		it.Target = &assets[0]
	}
	return r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE inc = ? AND target = ? AND kind = 'evidence')", inc, want.Target).
		Scan(&it.Preserved)
}

// maxTickable bounds the evidence offered for ticking in the form: the
// cited and target records always come first.
const maxTickable = 200

func loadDetail(ctx context.Context, tx *reader, inc int64, pd *model.PendingDetail) error {
	found, err := recordOf[model.Event](ctx, tx, eventByID, inc, pd.Item.Suggestion)
	if err != nil || len(found) == 0 {
		return err
	}
	pd.Suggestion = found[0]
	if err := holdItem(ctx, tx, inc, &pd.Item, &pd.Suggestion); err != nil {
		return err
	}
	for _, id := range pd.Suggestion.Evidence {
		ev, err := recordOf[model.Evidence](ctx, tx, evidenceByID, inc, id)
		if err != nil {
			return err
		}
		pd.Cited = append(pd.Cited, ev...)
	}
	model.SortEvidence(pd.Cited)
	if t := pd.Item.Action.Target; t != "" {
		if pd.TargetEvidence, err = records[model.Evidence](ctx, tx, evidenceForAsset, inc, t); err != nil {
			return err
		}
		model.SortEvidence(pd.TargetEvidence)
	}
	r, err := roster(ctx, tx, inc)
	if err != nil {
		return err
	}
	pd.People, pd.Agents, pd.Alike = r.People, r.Agents, r.Alike.Who
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

// jsonNumber decodes a JSON number as the payload decoder would; "" and
// null are no number.
func jsonNumber(text string) (*float64, error) {
	if text == "" || text == "null" {
		return nil, nil
	}
	var f float64
	if plainDecimal(text) {
		// What encoding/json does with a number, without its scanner:
		// a confidence is read for every row of the queue.
		f, err := strconv.ParseFloat(text, 64)
		return &f, err
	}
	if err := json.Unmarshal([]byte(text), &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// plainDecimal reports whether text is digits with at most one point
// between digits ("0.9", "1"): JSON and strconv read such a number alike.
func plainDecimal(text string) bool {
	point := -1
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '.' && point < 0 && i > 0 && i < len(text)-1:
			point = i
		case c < '0' || c > '9':
			return false
		}
	}
	return text != "" && (text[0] != '0' || len(text) == 1 || point == 1)
}

// setTargets sets each item's target asset, from early's read when it
// has one (reading on r the incidents it did not cover), else on r.
func setTargets(ctx context.Context, r *reader, list string, early *assetRead, items []model.PendingItem, incOf []int64) error {
	var assets map[assetKey]*model.Asset
	ok := false
	if early != nil {
		assets, ok = early.result()
	}
	if !ok {
		var err error
		if assets, err = targetAssetsOf(ctx, r, list, 0); err != nil {
			return err
		}
	}
	var again []int64
	for i := range items {
		t := items[i].Action.Target
		if t == "" {
			continue
		}
		k := assetKey{incOf[i], t}
		items[i].Target = assets[k]
		if items[i].Target == nil && early != nil && ok && (len(again) == 0 || again[len(again)-1] != k.inc) {
			again = append(again, k.inc)
		}
	}
	if len(again) == 0 {
		return nil
	}
	raw, err := json.Marshal(again)
	if err != nil {
		return err
	}
	more, err := targetAssetsOf(ctx, r, string(raw), 0)
	if err != nil {
		return err
	}
	for i := range items {
		if t := items[i].Action.Target; t != "" && items[i].Target == nil {
			items[i].Target = more[assetKey{incOf[i], t}]
		}
	}
	return nil
}

// incidentList is the incidents' seqs as the JSON array the statements take.
func incidentList(incs []openIncident) (string, error) {
	seqs := make([]int64, len(incs))
	for i := range incs {
		seqs[i] = incs[i].seq
	}
	raw, err := json.Marshal(seqs)
	return string(raw), err
}
