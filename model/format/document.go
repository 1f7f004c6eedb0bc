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
	if err := checkUTF8(name, 0, data); err != nil {
		return model.Document{}, err
	}
	doc, p, err := parseDocument(name, data)
	if err != nil {
		return doc, err
	}
	doc.Normalize()
	if at, err := doc.Check(); err != nil {
		return doc, InFile(name, p.lineOf(at), err)
	}
	return doc, nil
}

// docParser walks a document token by token so that every record is
// decoded where it stands and a problem can be given its line.
type docParser struct {
	name string
	data []byte
	dec  *json.Decoder
	// lines holds where each record starts, by list ("incident" for the
	// incident), so a problem found once the whole document is read (a
	// reference, a duplicate id) still names its line.
	lines map[string][]int
}

// lineOf is the line where a record starts, 0 when unknown.
func (p *docParser) lineOf(at model.Where) int {
	if ls := p.lines[at.List]; at.Index < len(ls) {
		return ls[at.Index]
	}
	return 0
}

func parseDocument(name string, data []byte) (model.Document, *docParser, error) {
	p := &docParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: map[string][]int{}}
	doc, err := p.parse()
	return doc, p, err
}

func (p *docParser) parse() (model.Document, error) {
	data := p.data
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
			err = p.format(&doc.Format)
		case "incident":
			err = one(p, "incident", "incident", &doc.Incident, (*model.Incident).Validate)
		case "people":
			err = list(p, key, "person", &doc.People, (*model.Person).Validate)
		case "agents":
			err = list(p, key, "agent", &doc.Agents, (*model.Agent).Validate)
		case "assets":
			err = list(p, key, "asset", &doc.Assets, (*model.Asset).Validate)
		case "evidence":
			err = list(p, key, "evidence", &doc.Evidence, (*model.Evidence).Validate)
		case "events":
			err = list(p, key, "event", &doc.Events, (*model.Event).Validate)
		case "reviews":
			err = list(p, key, "review", &doc.Reviews, (*model.Review).Validate)
		case "status_changes":
			err = list(p, key, "status change", &doc.StatusChanges, (*model.StatusChange).Validate)
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

// one decodes the value at the decoder's position into v and validates it;
// list is where the document keeps it (see docParser.lines).
func one[T any](p *docParser, list, rec string, v *T, validate func(*T) error) error {
	start := valueStart(p.data, p.dec.InputOffset())
	if list != "" {
		line, _ := lineCol(p.data, start)
		p.lines[list] = append(p.lines[list], line)
	}
	err := p.dec.Decode(v)
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return p.syntax(start)
	}
	end := p.dec.InputOffset()
	if start > end {
		start = end
	}
	raw := p.data[start:end]
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

// format decodes the document's "format", which is a string, not a record.
func (p *docParser) format(v *string) error {
	start := valueStart(p.data, p.dec.InputOffset())
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return p.syntax(start)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return p.fail(problem{start, "document: field \"format\" " + fieldTrouble(reflect.TypeOf(""), raw, err)})
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
		if err := one(p, field, rec, &v, validate); err != nil {
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

// valueStart is where the value after off begins: past white space and
// the comma or colon the decoder leaves before it.
func valueStart(data []byte, off int64) int64 {
	off = min(off, int64(len(data)))
	off += leadingSpace(data[off:])
	if off < int64(len(data)) && (data[off] == ',' || data[off] == ':') {
		off++
		off += leadingSpace(data[off:])
	}
	return off
}

func quoteKey(k string) string { return model.Quote(k) }
