package db

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
)

// readTx opens a read-only transaction: one consistent snapshot, and no
// write lock (only write transactions begin IMMEDIATE).
func (d *DB) readTx(ctx context.Context) (*sql.Tx, error) {
	tx, err := d.sql.BeginTx(ctx, d.eng.ReadOptions())
	return tx, d.fail(err)
}

// readIncident begins a read transaction and finds the incident in it
// (ENOTFOUND when there is none); the caller rolls the transaction back.
func (d *DB) readIncident(ctx context.Context, incident string) (*sql.Tx, int64, error) {
	return d.beginOn(ctx, d.eng.ReadOptions(), incident)
}

// writeIncident is readIncident for a write transaction, which begins
// IMMEDIATE (see dsn).
func (d *DB) writeIncident(ctx context.Context, incident string) (*sql.Tx, int64, error) {
	return d.beginOn(ctx, nil, incident)
}

func (d *DB) beginOn(ctx context.Context, opts *sql.TxOptions, incident string) (*sql.Tx, int64, error) {
	var tx *sql.Tx
	var err error
	if opts == nil {
		tx, err = d.beginWrite(ctx)
	} else {
		tx, err = d.sql.BeginTx(ctx, opts)
	}
	if err != nil {
		return nil, 0, d.fail(err)
	}
	inc, err := d.mustIncident(ctx, tx, incident)
	if err != nil {
		tx.Rollback()
		return nil, 0, err
	}
	return tx, inc, nil
}

// summarySelect reads incidents with their counts, which triggers keep in
// incident_counts (migration 0005), so neither call grows with the
// timeline, and the status change in force, if any (its entry is read and
// checked after: inForce).
const summarySelect = `SELECT ` + entryColumns + `, n.events, n.suggestions, n.decisions, n.executions,
		n.pending, n.subjects, n.reviewed, coalesce(sc.seq, 0)
	FROM incidents i JOIN chain c ON c.seq = i.seq JOIN incident_counts n ON n.inc = i.seq
	LEFT JOIN status_changes sc ON sc.seq = ` + latestChangeSeq

// Incidents lists every incident with its counts, newest first.
func (d *DB) Incidents(ctx context.Context) ([]model.IncidentSummary, error) {
	r := d.reader(d.sql)
	rows, err := d.sql.QueryContext(ctx, summarySelect+" ORDER BY i.opened_at DESC, i.id")
	if err != nil {
		return nil, d.fail(err)
	}
	defer rows.Close()
	out := []model.IncidentSummary{}
	var changes, seqs []int64
	for rows.Next() {
		var change, seq int64
		s, err := scanSummary(r, rows, &change, &seq)
		if err != nil {
			return nil, d.fail(err)
		}
		out, changes, seqs = append(out, s), append(changes, change), append(seqs, seq)
	}
	if err := rows.Err(); err != nil {
		return nil, d.fail(err)
	}
	if err := inForce(ctx, r, out, changes); err != nil {
		return nil, d.fail(err)
	}
	markLookAlikes(out, seqs)
	return out, d.fail(countGateEnded(ctx, r, out, seqs))
}

// countGateEnded sets each summary's PendingGateEnded, seqs being their
// incidents: two queries for them all, whatever the number of items.
func countGateEnded(ctx context.Context, r *reader, out []model.IncidentSummary, seqs []int64) error {
	var gated []int64
	for i, seq := range seqs {
		if out[i].Pending > 0 {
			gated = append(gated, seq)
		}
	}
	if len(gated) == 0 {
		return nil
	}
	list, err := json.Marshal(gated)
	if err != nil {
		return err
	}
	counts, err := gateEndedCounts(ctx, r, string(list))
	if err != nil {
		return err
	}
	for i, seq := range seqs {
		out[i].PendingGateEnded = counts[seq]
	}
	return nil
}

// IncidentSummary returns one incident with its counts.
func (d *DB) IncidentSummary(ctx context.Context, id string) (model.IncidentSummary, error) {
	r := d.reader(d.sql)
	var change, seq int64
	s, err := scanSummary(r, d.sql.QueryRowContext(ctx, summarySelect+" WHERE i.id = ?", id), &change, &seq)
	if err == sql.ErrNoRows {
		return s, d.noIncident(ctx, d.sql, id)
	}
	if err != nil {
		return s, d.fail(err)
	}
	one := []model.IncidentSummary{s}
	if err := inForce(ctx, r, one, []int64{change}); err != nil {
		return s, d.fail(err)
	}
	err = countGateEnded(ctx, r, one, []int64{seq})
	return one[0], d.fail(err)
}

// scanSummary scans one incident's summary, into change the seq of the
// status change in force (0: none) and into seq the incident's own.
func scanSummary(r *reader, row interface{ Scan(...any) error }, change, seq *int64) (model.IncidentSummary, error) {
	var s model.IncidentSummary
	e, err := scanEntry(row, &s.Events, &s.Suggestions, &s.Decisions, &s.Executions, &s.Pending, &s.Subjects, &s.Reviewed, change)
	if err != nil {
		return s, err
	}
	*seq = e.Seq
	r.check(&e)
	return s, decodeEntry(&e, &s.Incident)
}

// mustIncident returns the internal key of an incident, ENOTFOUND if absent.
func (d *DB) mustIncident(ctx context.Context, q querier, id string) (int64, error) {
	seq, err := incidentSeq(ctx, q, id)
	if err != nil {
		return 0, d.fail(err)
	}
	if seq == 0 {
		return 0, d.noIncident(ctx, q, id)
	}
	return seq, nil
}

// Roster returns the people, agents and assets of an incident.
func (d *DB) Roster(ctx context.Context, incident string) (model.Roster, error) {
	tx, seq, err := d.readIncident(ctx, incident)
	if err != nil {
		return model.Roster{}, err
	}
	defer tx.Rollback()
	r, err := roster(ctx, d.reader(tx), seq)
	if err != nil {
		return r, d.fail(err)
	}
	twins, err := d.incidentTwins(ctx, tx, []string{incident})
	r.IncidentReadsLike = twins[incident]
	return r, d.fail(err)
}

func roster(ctx context.Context, q *reader, seq int64) (model.Roster, error) {
	var r model.Roster
	var err error
	if r.People, err = people(ctx, q, seq); err != nil {
		return r, err
	}
	if r.Agents, err = loadAgents(ctx, q, seq); err != nil {
		return r, err
	}
	if r.Assets, err = assets(ctx, q, seq); err != nil {
		return r, err
	}
	r.Alike = alike.LookAlikes(r)
	return r, nil
}

func people(ctx context.Context, q *reader, inc int64) ([]model.Person, error) {
	return records[model.Person](ctx, q, peopleRows, inc)
}

func assets(ctx context.Context, q *reader, inc int64) ([]model.Asset, error) {
	return records[model.Asset](ctx, q, assetRows, inc)
}

// Event returns one event of an incident.
func (d *DB) Event(ctx context.Context, incident, id string) (model.Event, error) {
	var e model.Event
	err := d.record(ctx, incident, id, false, &e)
	return e, err
}

// Evidence returns one evidence record of an incident.
func (d *DB) Evidence(ctx context.Context, incident, id string) (model.Evidence, error) {
	var e model.Evidence
	err := d.record(ctx, incident, id, true, &e)
	return e, err
}

func (d *DB) record(ctx context.Context, incident, id string, evidence bool, v any) error {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var kind string
	entry, err := scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryColumns+", e.kind FROM events e JOIN chain c ON c.seq = e.seq WHERE e.inc = ? AND e.id = ?",
		inc, id), &kind)
	what := "event"
	if evidence {
		what = "evidence record"
	}
	if err == sql.ErrNoRows || (err == nil && (kind == string(model.KindEvidence)) != evidence) {
		return model.Errorf(model.ENOTFOUND, "incident %s has no %s %s", incident, what, id)
	}
	if err != nil {
		return d.fail(err)
	}
	d.reader(tx).check(&entry)
	return d.fail(decodeEntry(&entry, v))
}

// ResolveEvent qualifies an event reference; a bare id must name exactly
// one event in the database.
func (d *DB) ResolveEvent(ctx context.Context, ref model.EventRef) (model.EventRef, error) {
	if ref.Incident != "" {
		if _, err := d.Event(ctx, ref.Incident, ref.ID); err != nil {
			return model.EventRef{}, err
		}
		return ref, nil
	}
	// One index probe per incident: there are few incidents, many events.
	rows, err := d.sql.QueryContext(ctx, `SELECT i.id FROM incidents i WHERE EXISTS
		(SELECT 1 FROM events e WHERE e.inc = i.seq AND e.id = ? AND e.kind <> 'evidence') ORDER BY i.id LIMIT 2`, ref.ID)
	if err != nil {
		return model.EventRef{}, d.fail(err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return model.EventRef{}, d.fail(err)
		}
		found = append(found, id)
	}
	if err := rows.Err(); err != nil {
		return model.EventRef{}, d.fail(err)
	}
	switch len(found) {
	case 0:
		return model.EventRef{}, model.Errorf(model.ENOTFOUND, "no incident has an event %s", ref.ID)
	case 1:
		return model.EventRef{Incident: found[0], ID: ref.ID}, nil
	}
	return model.EventRef{}, model.Errorf(model.EINVALID, "event id %s is used in more than one incident (%s, %s, …); name it as INCIDENT/%s", ref.ID, found[0], found[1], ref.ID)
}

// ChainHead returns the number of audit-chain entries and the hash of the
// last one (model.GenesisHash when the chain is empty).
func (d *DB) ChainHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash []byte
	err := d.sql.QueryRowContext(ctx, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1").Scan(&seq, &hash)
	if err == sql.ErrNoRows {
		return 0, model.GenesisHash, nil
	}
	if err != nil {
		return 0, "", d.fail(err)
	}
	return seq, hex.EncodeToString(hash), nil
}
