package db

import (
	"context"
	"fmt"

	"github.com/signoff/signoff/model/chain"
)

// CheckIncident holds the rows the screens read an incident through to
// its part of the audit chain, section by section (holdSections): the
// entries of each kind the chain gives the incident, counted and their
// seqs summed by the engine, against the rows the derived tables give it.
// What it finds is kept by the store's reads (ReadFault). The workstation
// runs it in the background when it opens an incident: the check it runs
// when it starts (VerifySince) goes through what was appended since the
// last whole check and compares no derived table, so a person's or an
// event's row deleted after that check showed on the screens as the
// record. It hashes nothing: the entries' kinds and incidents are hashed
// text, which the whole check holds, and every read holds each entry it
// shows to its hash; reading and hashing the incident's payloads as
// findings does took 4.1 s at a million events, this about a second.
func (d *DB) CheckIncident(ctx context.Context, incident string) (chain.Pass, error) {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return chain.Pass{}, err
	}
	defer tx.Rollback()
	r := d.incidentReader(tx, incident)
	hi, err := spanEnd(ctx, r, inc, incident)
	if err != nil {
		return chain.Pass{}, d.fail(err)
	}
	r.cover = &coverage{lo: inc, hi: hi, incident: incident}
	entries, notes, err := r.countSections(ctx, inc, hi, incident)
	if err != nil {
		return chain.Pass{}, d.fail(err)
	}
	if err := r.tallyRows(ctx, inc); err != nil {
		return chain.Pass{}, d.fail(err)
	}
	r.holdSections()
	if err := r.holdNotes(ctx, inc, notes); err != nil {
		return chain.Pass{}, d.fail(err)
	}
	return chain.Pass{Entries: entries, Faults: r.faults}, nil
}

// holdNotes holds the incident's hand-off notes' rows to its entries of
// that kind (notes): the shift screen and signoff handoff read the notes
// through the rows, and a deleted one read as "no hand-off notes yet" (a
// hostile review). They are no section of an export, so holdSections
// does not see them.
func (r *reader) holdNotes(ctx context.Context, inc int64, notes sectionTally) error {
	if len(r.faults) > 0 {
		return nil
	}
	var rows sectionTally
	if err := r.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(seq), 0) FROM handoff_notes WHERE inc = ?", inc).Scan(&rows.n, &rows.sum); err != nil {
		return err
	}
	if rows != notes {
		r.note(chain.Fault{Table: "handoff_notes", Subject: r.cover.incident,
			Reason: fmt.Sprintf("the derived tables hold %d rows of the incident's hand-off notes where its chain holds %d entries (or at other entries), so rows were removed, added or moved outside signoff", rows.n, notes.n)})
	}
	return nil
}

// chainSections is the entries of each kind an incident's span of the
// chain gives it, counted, with the sum of their seqs.
const chainSections = `SELECT kind, count(*), coalesce(sum(seq), 0) FROM chain
	WHERE seq BETWEEN ?1 AND ?2 AND incident = ?3 GROUP BY kind`

// countSections fills the reader's coverage's sections from the chain,
// and says how many entries the incident has there, and its hand-off
// notes' tally.
func (r *reader) countSections(ctx context.Context, lo, hi int64, incident string) (entries int64, notes sectionTally, err error) {
	rows, err := r.QueryContext(ctx, chainSections, lo, hi, incident)
	if err != nil {
		return 0, notes, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var t sectionTally
		if err := rows.Scan(&kind, &t.n, &t.sum); err != nil {
			return 0, notes, err
		}
		entries += t.n
		if i := sectionOf(kind); i >= 0 {
			r.cover.sections[i].n += t.n
			r.cover.sections[i].sum += t.sum
		}
		if kind == recHandoff {
			notes = t
		}
	}
	return entries, notes, rows.Err()
}

// holdSections notes the first section of the incident whose rows in the
// derived tables are not the entries the pass counted (their number, or
// the sum of their seqs): reads take the roster, the timeline, the
// evidence, the verdicts and the status changes from those rows, so a row
// removed, added or moved outside signoff changed what they showed and
// judged. Which row is verify's to name.
func (r *reader) holdSections() {
	c := r.cover
	if c == nil || c.rows == nil || len(r.faults) > 0 {
		return
	}
	for i, got := range c.rows {
		want := c.sections[i]
		if got == want {
			continue
		}
		reason := fmt.Sprintf("the derived tables hold %d rows of the incident's %s where its chain holds %d entries, so rows were removed or added outside signoff",
			got.n, exportSections[i], want.n)
		if got.n == want.n {
			reason = fmt.Sprintf("the derived tables' rows of the incident's %s point at other entries than its chain holds, so rows were moved outside signoff",
				exportSections[i])
		}
		r.note(chain.Fault{Table: sectionTable(i), Subject: c.incident, Reason: reason})
		return
	}
}

// sectionTable is the table holding a section's rows.
func sectionTable(section int) string {
	if section == eventsSection || section == eventsSection-1 {
		return "events"
	}
	return exportSections[section]
}
