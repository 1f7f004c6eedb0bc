package db

import (
	"context"
	"database/sql"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// The sections of a document, each read in the order it was written.
// Events are found as a list of seqs first, which comes out in seq order,
// so the payloads are never sorted.
const (
	peopleRows   = "SELECT c.payload FROM people p JOIN chain c ON c.seq = p.seq WHERE p.inc = ? ORDER BY p.seq"
	agentRows    = "SELECT c.payload FROM agents a JOIN chain c ON c.seq = a.seq WHERE a.inc = ? ORDER BY a.seq"
	assetRows    = "SELECT c.payload FROM assets a JOIN chain c ON c.seq = a.seq WHERE a.inc = ? ORDER BY a.seq"
	evidenceRows = "SELECT c.payload FROM chain c WHERE c.seq IN (SELECT seq FROM events WHERE inc = ? AND kind = 'evidence') ORDER BY c.seq"
	eventRows    = "SELECT c.payload FROM chain c WHERE c.seq IN (SELECT seq FROM events WHERE inc = ? AND kind <> 'evidence') ORDER BY c.seq"
	reviewRows   = "SELECT c.payload FROM reviews r JOIN chain c ON c.seq = r.seq WHERE r.inc = ? ORDER BY r.seq"
	statusRows   = "SELECT c.payload FROM status_changes s JOIN chain c ON c.seq = s.seq WHERE s.inc = ? ORDER BY s.seq"
)

// Document loads a whole incident in the import format.
func (d *DB) Document(ctx context.Context, incident string) (model.Document, error) {
	doc := model.Document{Format: model.FormatV1}
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return doc, err
	}
	defer tx.Rollback()
	if err := payloadOf(ctx, tx, inc, &doc.Incident); err != nil {
		return doc, d.fail(err)
	}
	if doc.People, err = records[model.Person](ctx, tx, peopleRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Agents, err = records[model.Agent](ctx, tx, agentRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Assets, err = records[model.Asset](ctx, tx, assetRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Evidence, err = records[model.Evidence](ctx, tx, evidenceRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Events, err = records[model.Event](ctx, tx, eventRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if doc.Reviews, err = records[model.Review](ctx, tx, reviewRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if len(doc.Reviews) == 0 {
		doc.Reviews = nil
	}
	if doc.StatusChanges, err = records[model.StatusChange](ctx, tx, statusRows, inc); err != nil {
		return doc, d.fail(err)
	}
	if len(doc.StatusChanges) == 0 {
		doc.StatusChanges = nil
	}
	doc.Normalize()
	return doc, nil
}

// records decodes the payloads a query selects.
func records[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect[T](rows)
}

// Export writes an incident as a JSON document indented by two spaces,
// byte for byte what json.MarshalIndent makes of Document, plus a final
// newline. It streams: the stored canonical payloads are only re-indented
// (format.DocumentWriter), so exporting a huge incident needs little memory.
func (d *DB) Export(ctx context.Context, incident string, out io.Writer) error {
	tx, inc, err := d.readIncident(ctx, incident)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var head []byte
	if err := tx.QueryRowContext(ctx, "SELECT payload FROM chain WHERE seq = ?", inc).Scan(&head); err != nil {
		return d.fail(err)
	}
	w, err := format.NewDocumentWriter(out, head)
	if err != nil {
		return err
	}
	sections := []struct{ name, query string }{
		{"people", peopleRows}, {"agents", agentRows}, {"assets", assetRows},
		{"evidence", evidenceRows}, {"events", eventRows}, {"reviews", reviewRows},
		{"status_changes", statusRows},
	}
	for _, s := range sections {
		w.Section(s.name)
		if err := d.exportSection(ctx, tx, w, s.query, inc); err != nil {
			return err
		}
	}
	return w.Close()
}

// exportSection writes the records a section's query selects.
func (d *DB) exportSection(ctx context.Context, tx *sql.Tx, w *format.DocumentWriter, query string, inc int64) error {
	rows, err := tx.QueryContext(ctx, query, inc)
	if err != nil {
		return d.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var payload []byte
		if err := rows.Scan(&payload); err != nil {
			return d.fail(err)
		}
		if err := w.Record(payload); err != nil {
			return err
		}
	}
	return d.fail(rows.Err())
}
