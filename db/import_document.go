package db

import (
	"context"
	"io"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
)

// ImportDocument imports one incident document (signoff.incident/v1) as
// actor, all or nothing. An incident that already exists is ECONFLICT; any
// problem with the file is EINVALID naming the file, line and record.
func (d *DB) ImportDocument(ctx context.Context, name string, r io.Reader, actor string) (model.ImportResult, error) {
	doc, err := format.DecodeDocument(name, r)
	if err != nil {
		return model.ImportResult{}, err
	}
	return d.storeDocument(ctx, name, &doc, actor)
}

func (d *DB) storeDocument(ctx context.Context, name string, doc *model.Document, actor string) (model.ImportResult, error) {
	res := model.ImportResult{Incident: doc.Incident.ID, Created: true}
	tx, err := d.beginWrite(ctx)
	if err != nil {
		return res, err
	}
	defer tx.Rollback()
	if seq, err := incidentSeq(ctx, tx, doc.Incident.ID); err != nil {
		return res, d.fail(err)
	} else if seq != 0 {
		return res, model.Errorf(model.ECONFLICT, "%s: incident %s already exists in the database; import a record stream (.ndjson) to add records to it", name, doc.Incident.ID)
	}
	w, err := d.newWriter(ctx, tx, actor, d.now())
	if err != nil {
		return res, d.fail(err)
	}
	defer w.close()
	if err := writeDocument(ctx, w, doc, &res); err != nil {
		return res, d.fail(err)
	}
	if err := d.refreshFacts(ctx, tx, w.inc, w.inc); err != nil {
		return res, d.fail(err)
	}
	return res, d.fail(tx.Commit())
}

func writeDocument(ctx context.Context, w *writer, doc *model.Document, res *model.ImportResult) error {
	if err := w.incident(ctx, &doc.Incident); err != nil {
		return err
	}
	for i := range doc.People {
		if err := w.person(ctx, &doc.People[i]); err != nil {
			return err
		}
		res.Add("people")
	}
	for i := range doc.Agents {
		if err := w.agent(ctx, &doc.Agents[i]); err != nil {
			return err
		}
		res.Add("agents")
	}
	for i := range doc.Assets {
		if err := w.asset(ctx, &doc.Assets[i]); err != nil {
			return err
		}
		res.Add("assets")
	}
	for i := range doc.Evidence {
		if err := w.evidence(ctx, &doc.Evidence[i]); err != nil {
			return err
		}
		res.Add("evidence")
	}
	for i := range doc.Events {
		if err := w.event(ctx, &doc.Events[i]); err != nil {
			return err
		}
		res.Add("events")
	}
	for i := range doc.Reviews {
		if err := w.review(ctx, &doc.Reviews[i]); err != nil {
			return err
		}
		res.Add("reviews")
	}
	for i := range doc.StatusChanges {
		if err := w.status(ctx, &doc.StatusChanges[i]); err != nil {
			return err
		}
		res.Add("status changes")
	}
	return nil
}
