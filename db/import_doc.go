package db

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"

	"github.com/signoff/signoff/model"
)

// ImportDocument imports one incident document (signoff.incident/v1) as
// actor, all or nothing. An incident that already exists is ECONFLICT; any
// problem with the file is EINVALID naming the file, line and record.
func (d *DB) ImportDocument(ctx context.Context, name string, r io.Reader, actor string) (ImportResult, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return ImportResult{}, model.Errorf(model.EINVALID, "cannot read %s: %v", name, err)
	}
	doc, err := parseDocument(name, data)
	if err != nil {
		return ImportResult{}, err
	}
	doc.Normalize()
	if err := doc.Validate(); err != nil {
		return ImportResult{}, within(name, 0, err)
	}
	return d.storeDocument(ctx, name, &doc, actor)
}

func (d *DB) storeDocument(ctx context.Context, name string, doc *model.Document, actor string) (ImportResult, error) {
	res := ImportResult{Incident: doc.Incident.ID, Created: true}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return res, d.fail(err)
	}
	defer tx.Rollback()
	if seq, err := incidentSeq(ctx, tx, doc.Incident.ID); err != nil {
		return res, d.fail(err)
	} else if seq != 0 {
		return res, model.Errorf(model.ECONFLICT, "%s: incident %s already exists in the database; import a record stream (.ndjson) to add records to it", name, doc.Incident.ID)
	}
	w, err := newWriter(ctx, tx, actor)
	if err != nil {
		return res, d.fail(err)
	}
	defer w.close()
	if err := writeDocument(ctx, w, doc, &res); err != nil {
		return res, d.fail(err)
	}
	if err := misplacedReview(ctx, tx, w.inc, w.inc); err != nil {
		return res, within(name, 0, d.fail(err))
	}
	if err := refreshFacts(ctx, tx, w.inc, w.inc); err != nil {
		return res, d.fail(err)
	}
	return res, d.fail(tx.Commit())
}

func writeDocument(ctx context.Context, w *writer, doc *model.Document, res *ImportResult) error {
	if err := w.incident(ctx, &doc.Incident); err != nil {
		return err
	}
	for i := range doc.People {
		if err := w.person(ctx, &doc.People[i]); err != nil {
			return err
		}
		res.add("people")
	}
	for i := range doc.Agents {
		if err := w.agent(ctx, &doc.Agents[i]); err != nil {
			return err
		}
		res.add("agents")
	}
	for i := range doc.Assets {
		if err := w.asset(ctx, &doc.Assets[i]); err != nil {
			return err
		}
		res.add("assets")
	}
	for i := range doc.Evidence {
		if err := w.evidence(ctx, &doc.Evidence[i]); err != nil {
			return err
		}
		res.add("evidence")
	}
	for i := range doc.Events {
		if err := w.event(ctx, &doc.Events[i]); err != nil {
			return err
		}
		res.add("events")
	}
	for i := range doc.Reviews {
		if err := w.review(ctx, &doc.Reviews[i]); err != nil {
			return err
		}
		res.add("reviews")
	}
	return nil
}

// docParser walks a document token by token so that every record is
// decoded where it stands and a problem can be given its line.
type docParser struct {
	name string
	data []byte
	dec  *json.Decoder
}

func parseDocument(name string, data []byte) (model.Document, error) {
	p := &docParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.DisallowUnknownFields()
	var doc model.Document
	tok, err := p.dec.Token()
	if err != nil {
		return doc, p.syntax(0)
	}
	if tok != json.Delim('{') {
		return doc, p.fail(problem{0, "the document must be a JSON object with \"format\", \"incident\", \"people\", \"agents\", \"assets\", \"evidence\", \"events\" and \"reviews\""})
	}
	seen := map[string]bool{}
	for p.dec.More() {
		off := p.dec.InputOffset()
		off += leadingSpace(data[off:]) + skipComma(data[off:])
		tok, err := p.dec.Token()
		if err != nil {
			return doc, p.syntax(off)
		}
		key, _ := tok.(string)
		if seen[key] {
			return doc, p.fail(problem{off, "document: field " + quoteKey(key) + " appears twice"})
		}
		seen[key] = true
		switch key {
		case "format":
			err = one(p, "document", &doc.Format, nil)
		case "incident":
			err = one(p, "incident", &doc.Incident, func(i *model.Incident) error {
				return firstErr(i.Validate(), incidentTimes(i))
			})
		case "people":
			err = list(p, key, "person", &doc.People, (*model.Person).Validate)
		case "agents":
			err = list(p, key, "agent", &doc.Agents, (*model.Agent).Validate)
		case "assets":
			err = list(p, key, "asset", &doc.Assets, (*model.Asset).Validate)
		case "evidence":
			err = list(p, key, "evidence", &doc.Evidence, func(e *model.Evidence) error {
				return firstErr(e.Validate(), evidenceTimes(e))
			})
		case "events":
			err = list(p, key, "event", &doc.Events, func(e *model.Event) error {
				return firstErr(e.Validate(), eventTimes(e))
			})
		case "reviews":
			err = list(p, key, "review", &doc.Reviews, func(r *model.Review) error {
				return firstErr(r.Validate(), reviewTimes(r))
			})
		default:
			if want := nearestName(key, jsonFields(reflect.TypeOf(doc))); want != key {
				return doc, p.fail(problem{off, "document: " + (&keyCaseError{key: key, want: want}).Error()})
			}
			return doc, p.fail(problem{off, "document: unknown field " + quoteKey(key)})
		}
		if err != nil {
			return doc, err
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return doc, p.syntax(p.dec.InputOffset())
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		off := p.dec.InputOffset()
		return doc, p.fail(problem{off, "unexpected text after the end of the document"})
	}
	return doc, nil
}

// one decodes the value at the decoder's position into v and validates it.
func one[T any](p *docParser, rec string, v *T, validate func(*T) error) error {
	start := p.dec.InputOffset()
	start += leadingSpace(p.data[start:]) + skipComma(p.data[start:])
	err := p.dec.Decode(v)
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
		return p.syntax(start)
	}
	raw := p.data[start:p.dec.InputOffset()]
	if err == nil {
		err = checkKeys(raw)
	}
	if err != nil {
		return p.fail(diagnose(rec, raw, start, v, err))
	}
	if validate != nil {
		if err := validate(v); err != nil {
			line, _ := lineCol(p.data, start)
			return within(p.name, line, err)
		}
	}
	return nil
}

// list decodes a JSON list of records (null counts as empty).
func list[T any](p *docParser, field, rec string, out *[]T, validate func(*T) error) error {
	start := p.dec.InputOffset()
	start += leadingSpace(p.data[start:])
	tok, err := p.dec.Token()
	if err != nil {
		return p.syntax(start)
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('[') {
		return p.fail(problem{start, "document: field " + quoteKey(field) + " must be a list"})
	}
	for p.dec.More() {
		var v T
		if err := one(p, rec, &v, validate); err != nil {
			return err
		}
		*out = append(*out, v)
	}
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(p.dec.InputOffset())
	}
	return nil
}

func (p *docParser) fail(pr problem) error {
	if pr.off < 0 {
		return at(p.name, 0, 0, pr.msg)
	}
	line, col := lineCol(p.data, pr.off)
	return at(p.name, line, col, pr.msg)
}

// syntax reports the first syntax error at or after off.
func (p *docParser) syntax(off int64) error {
	pr := syntaxProblem(p.data, 0)
	if pr.off < off {
		pr.off = off
	}
	return p.fail(pr)
}

func quoteKey(k string) string { b, _ := json.Marshal(k); return string(b) }

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
