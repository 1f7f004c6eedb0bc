package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"

	"github.com/signoff/signoff/model"
)

// DecodeDocument reads one incident document (signoff.incident/v1) from r
// strictly, checks every record where it stands and then the whole
// document, and returns it in normal form (times in UTC). Any problem is
// EINVALID naming the file (name), the line and the record.
func DecodeDocument(name string, r io.Reader) (model.Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return model.Document{}, model.Errorf(model.EINVALID, "cannot read %s: %v", name, err)
	}
	doc, err := parseDocument(name, data)
	if err != nil {
		return doc, err
	}
	doc.Normalize()
	if err := doc.Validate(); err != nil {
		return doc, InFile(name, 0, err)
	}
	return doc, nil
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
		return doc, p.fail(problem{0, "the document must be a JSON object with \"format\", \"incident\", \"people\", \"agents\", \"assets\", \"evidence\", \"events\", \"reviews\" and \"status_changes\""})
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
			err = one(p, "incident", &doc.Incident, checkIncident)
		case "people":
			err = list(p, key, "person", &doc.People, (*model.Person).Validate)
		case "agents":
			err = list(p, key, "agent", &doc.Agents, (*model.Agent).Validate)
		case "assets":
			err = list(p, key, "asset", &doc.Assets, (*model.Asset).Validate)
		case "evidence":
			err = list(p, key, "evidence", &doc.Evidence, checkEvidence)
		case "events":
			err = list(p, key, "event", &doc.Events, checkEvent)
		case "reviews":
			err = list(p, key, "review", &doc.Reviews, checkReview)
		case "status_changes":
			err = list(p, key, "status change", &doc.StatusChanges, checkStatus)
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
			return InFile(p.name, line, err)
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
		return ErrorAt(p.name, 0, 0, pr.msg)
	}
	line, col := lineCol(p.data, pr.off)
	return ErrorAt(p.name, line, col, pr.msg)
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
