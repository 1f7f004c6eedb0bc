package db

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/chain"
	"github.com/signoff/signoff/model/format"
)

// The sections of a document, each read in the order it was written.
// Events are found as a list of seqs first, which comes out in seq order,
// so the payloads are never sorted.
const (
	peopleRows   = "SELECT " + entryColumns + " FROM people p JOIN chain c ON c.seq = p.seq WHERE p.inc = ? ORDER BY p.seq"
	agentRows    = "SELECT " + entryColumns + " FROM agents a JOIN chain c ON c.seq = a.seq WHERE a.inc = ? ORDER BY a.seq"
	assetRows    = "SELECT " + entryColumns + " FROM assets a JOIN chain c ON c.seq = a.seq WHERE a.inc = ? ORDER BY a.seq"
	evidenceRows = "SELECT " + entryColumns + " FROM chain c WHERE c.seq IN (SELECT seq FROM events WHERE inc = ? AND kind = 'evidence') ORDER BY c.seq"
	eventRows    = "SELECT " + entryColumns + " FROM chain c WHERE c.seq IN (SELECT seq FROM events WHERE inc = ? AND kind <> 'evidence') ORDER BY c.seq"
	reviewRows   = "SELECT " + entryColumns + " FROM reviews r JOIN chain c ON c.seq = r.seq WHERE r.inc = ? ORDER BY r.seq"
	statusRows   = "SELECT " + entryColumns + " FROM status_changes s JOIN chain c ON c.seq = s.seq WHERE s.inc = ? ORDER BY s.seq"

	// The same two sections read along the span of seqs the incident's
	// events take (the first two arguments), for an incident whose events
	// fill most of it: the rows come in seq order with no list built
	// first (1.5 s at 1M events). The unary plus keeps SQLite from
	// reading by the incident's index instead.
	eventSpan        = "SELECT coalesce(min(seq), 0), coalesce(max(seq), -1), count(*) FROM events WHERE inc = ?"
	evidenceSpanRows = "SELECT " + entryColumns + " FROM events e JOIN chain c ON c.seq = e.seq WHERE e.seq BETWEEN ? AND ? AND +e.inc = ? AND e.kind = 'evidence' ORDER BY e.seq"
	eventSpanRows    = "SELECT " + entryColumns + " FROM events e JOIN chain c ON c.seq = e.seq WHERE e.seq BETWEEN ? AND ? AND +e.inc = ? AND e.kind <> 'evidence' ORDER BY e.seq"

	// The events' seqs, kinds and payloads alone, either way, for an
	// export that the pass beside it checks (exportFromPass).
	eventPayloads     = "SELECT c.seq, c.kind, c.payload FROM chain c WHERE c.seq IN (SELECT seq FROM events WHERE inc = ? AND kind <> 'evidence') ORDER BY c.seq"
	eventSpanPayloads = "SELECT c.seq, c.kind, c.payload FROM events e JOIN chain c ON c.seq = e.seq WHERE e.seq BETWEEN ? AND ? AND +e.inc = ? AND e.kind <> 'evidence' ORDER BY e.seq"
	entryBySeq        = "SELECT " + entryColumns + " FROM chain c WHERE c.seq = ?"
)

// exportQuery is a section's statement and its arguments; for the events,
// also the statement of their seqs and payloads alone.
type exportQuery struct {
	name, query, payloads string
	args                  []any
}

// exportQueries are the sections of the incident whose entry is inc, in
// document order: the timeline read along its span when the incident's
// events fill at least half of it (one incident imported at a time), by
// the list of its seqs otherwise (incidents appended to in turns).
func exportQueries(ctx context.Context, r *reader, inc int64) ([]exportQuery, error) {
	var lo, hi, n int64
	if err := r.QueryRowContext(ctx, eventSpan, inc).Scan(&lo, &hi, &n); err != nil {
		return nil, err
	}
	evidence := exportQuery{name: "evidence", query: evidenceRows, args: []any{inc}}
	events := exportQuery{name: "events", query: eventRows, payloads: eventPayloads, args: []any{inc}}
	if 2*n >= hi-lo+1 {
		evidence.query, evidence.args = evidenceSpanRows, []any{lo, hi, inc}
		events.query, events.payloads, events.args = eventSpanRows, eventSpanPayloads, []any{lo, hi, inc}
	}
	return []exportQuery{
		{name: "people", query: peopleRows, args: []any{inc}}, {name: "agents", query: agentRows, args: []any{inc}},
		{name: "assets", query: assetRows, args: []any{inc}},
		evidence, events, {name: "reviews", query: reviewRows, args: []any{inc}},
		{name: "status_changes", query: statusRows, args: []any{inc}},
	}, nil
}

// Document loads a whole incident in the import format.
func (d *DB) Document(ctx context.Context, incident string) (model.Document, error) {
	doc := model.Document{Format: model.FormatV1}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return doc, err
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, incident)
	if err := payloadOf(ctx, r, inc, &doc.Incident); err != nil {
		return doc, d.fail(err)
	}
	if doc.People, err = records[model.Person](ctx, r, peopleRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Agents, err = records[model.Agent](ctx, r, agentRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Assets, err = records[model.Asset](ctx, r, assetRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Evidence, err = records[model.Evidence](ctx, r, evidenceRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Events, err = records[model.Event](ctx, r, eventRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Reviews, err = records[model.Review](ctx, r, reviewRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if len(doc.Reviews) == 0 {
		doc.Reviews = nil
	}
	if doc.StatusChanges, err = records[model.StatusChange](ctx, r, statusRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if len(doc.StatusChanges) == 0 {
		doc.StatusChanges = nil
	}
	doc.Normalize()
	return doc, nil
}

// Export writes an incident as a JSON document indented by two spaces,
// byte for byte what json.MarshalIndent makes of Document, plus a final
// newline. It streams: the stored canonical payloads are only re-indented
// (format.DocumentWriter), so exporting a huge incident needs little memory.
//
// Each entry is checked before its record is written, and the export stops
// at the first that does not verify (ETAMPERED): imported elsewhere, a
// tampered record would start a new chain that verifies. It stops before
// the document's end, too, when the pass beside it found entries removed
// from the incident's part of the chain, or counted other entries of a
// section than the records written (a row gone from the derived tables,
// whose lists the export reads). What was written
// before it is not a whole document, so it cannot be imported by mistake.
func (d *DB) Export(ctx context.Context, incident string, out io.Writer) error {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, incident)
	head, err := scanEntry(tx.QueryRowContext(ctx, "SELECT "+entryColumns+" FROM chain c WHERE c.seq = ?", inc))
	if err != nil {
		return d.fail(err)
	}
	if r.check(&head); len(r.faults) > 0 {
		return r.refuse("export of " + incident + " stopped before it began")
	}
	if _, ok := d.eng.(*sqliteFile); ok {
		if err := d.exportInOrder(ctx, tx, r, inc, incident, head, out); err != errOtherWay {
			return err
		}
	}
	return d.exportChecked(ctx, tx, r, inc, incident, head, out)
}

// exportChecked is Export by the derived tables' lists of the incident's
// records, each checked by the pass beside it or on its own: on
// PostgreSQL, for an incident appended to in turns with others, and
// where the read in seq order (export_order.go) met anything but an
// intact record.
func (d *DB) exportChecked(ctx context.Context, tx *sql.Tx, r *reader, inc int64, incident string, head readEntry, out io.Writer) error {
	x, err := d.startExportCheck(ctx, tx, inc, incident)
	if err != nil {
		return err
	}
	defer x.stop()
	var written byteCount
	w, err := format.NewDocumentWriter(io.MultiWriter(out, &written), []byte(head.Payload))
	if err != nil {
		return tampered("export of "+incident+" stopped before it began", notARecord(head.Seq, head.Kind, head.Subject, err))
	}
	sections, err := exportQueries(ctx, r, inc)
	if err != nil {
		return d.fail(err)
	}
	o := startExportOut(w)
	for i, s := range sections {
		err = o.section(s.name)
		check := x
		if s.name == "evidence" {
			// The evidence comes before the events in a document, but its
			// entries lie all along the chain: waiting for the pass to
			// reach the last of them would put the pass's whole run before
			// the events are read. It is checked on its own (its entries'
			// neighbours looked up) while the pass runs ahead of the events.
			check = nil
		}
		switch {
		case err != nil:
		case s.name == "events":
			err = d.exportFromPass(ctx, r, x, o, i, s.payloads, s.args...)
		default:
			err = d.exportSection(ctx, r, check, o, i, s.query, s.args...)
		}
		if err != nil {
			break
		}
	}
	if err == nil {
		err = x.removal()
	}
	unwritten := -1
	if err == nil {
		// Every record written verified, and no entry is missing from the
		// chain; but a row gone from the derived tables leaves its record
		// out of the lists read, and the document would look whole.
		unwritten = x.unwritten(o.got)
	}
	if werr := o.finish(); werr != nil {
		if model.ErrorCode(werr) == model.ETAMPERED {
			w.Flush()
		}
		return werr
	}
	switch {
	case model.ErrorCode(err) == model.ETAMPERED:
		w.Flush()
		return err
	case err != nil:
		return err
	case unwritten >= 0:
		if err := w.Flush(); err != nil {
			return err
		}
		return notTheChains(incident, int64(written), unwritten)
	}
	return w.Close()
}

// exportSection writes the records a section's query selects, each after
// its entry is checked: by the pass beside the export when there is one
// (x), else on its own.
func (d *DB) exportSection(ctx context.Context, r *reader, x *exportCheck, o *exportOut, section int, query string, args ...any) error {
	if x != nil {
		query = strings.Replace(query, entryColumns, bareEntryColumns, 1)
	}
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var e readEntry
		if x == nil {
			e, err = scanEntry(rows)
		} else {
			e, err = scanBareEntry(rows)
		}
		if err != nil {
			return d.fail(err)
		}
		if err := checkExported(ctx, r, x, &e); err != nil {
			return d.fail(err)
		}
		if len(r.faults) > 0 {
			return r.refuse("export stopped at the record of entry " + strconv.FormatInt(e.Seq, 10) + ", so it is incomplete")
		}
		if err := ofSection(section, e.Seq, e.Kind, e.Subject); err != nil {
			return err
		}
		if err := o.record(e.Seq, e.Payload); err != nil {
			return err
		}
	}
	return d.fail(rows.Err())
}

// exportFromPass writes the records of the entries query selects (seq
// and payload, in seq order), each once the pass beside the export has
// checked it; an entry the pass did not count as the incident's is read
// whole and checked here.
func (d *DB) exportFromPass(ctx context.Context, r *reader, x *exportCheck, o *exportOut, section int, query string, args ...any) error {
	rows, err := r.QueryContext(ctx, query, args...)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var kind, payload, subject string
		if err := rows.Scan(&seq, &kind, &payload); err != nil {
			return d.fail(err)
		}
		checked, f, err := x.wait(seq)
		if err != nil {
			return d.fail(err)
		}
		switch {
		case checked && f != nil:
			r.faults = append(r.faults, *f) // the pass noted it in the store
		case !checked:
			e, err := scanEntry(r.QueryRowContext(ctx, entryBySeq, seq))
			if err != nil {
				return d.fail(err)
			}
			r.check(&e)
			kind, payload, subject = e.Kind, e.Payload, e.Subject
		}
		if len(r.faults) > 0 {
			return r.refuse("export stopped at the record of entry " + strconv.FormatInt(seq, 10) + ", so it is incomplete")
		}
		if err := ofSection(section, seq, kind, subject); err != nil {
			return err
		}
		if err := o.record(seq, payload); err != nil {
			return err
		}
	}
	return d.fail(rows.Err())
}

// checkExported checks an entry before the export writes its record,
// keeping its fault in r.
func checkExported(ctx context.Context, r *reader, x *exportCheck, e *readEntry) error {
	if x == nil {
		r.check(e)
		return nil
	}
	checked, f, err := x.wait(e.Seq)
	switch {
	case err != nil:
		return err
	case !checked:
		_, err := r.checkRead(ctx, e) // not the pass's: on its own
		return err
	case f != nil:
		r.faults = append(r.faults, *f) // the pass noted it in the store
	}
	return nil
}

// ofSection refuses a record the derived tables list in section whose
// entry (checked: its kind is what its hash covers) is of another kind.
// Each section's count and seq sum are the chain's, but those can be kept
// while rows point at entries of other sections (two seqs moved so that
// they add up as before); a section whose every record is an entry of its
// kind, of the incident, each once, and as many as the chain holds, holds
// the chain's.
func ofSection(section int, seq int64, kind, subject string) error {
	if sectionOf(kind) == section {
		return nil
	}
	return tampered("export stopped at the record of entry "+strconv.FormatInt(seq, 10)+", so it is incomplete", chain.Fault{Seq: seq, Table: tableOf(kind), Subject: subject,
		Reason: fmt.Sprintf("the derived tables list it among the incident's %s, but it is an entry of kind %s", exportSections[section], model.Quote(kind))})
}
