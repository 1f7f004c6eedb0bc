package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"

	"github.com/signoff/signoff/model"
)

// The document decoder as it was before documents were read as a stream
// (it read the whole file, then decoded it): the oracle of what a
// document's problems are called and where.

// DecodeDocument reads one incident document (signoff.incident/v1) from r
// strictly, checks every record where it stands and then the whole
// document, and returns it in normal form (times in UTC). Any problem is
// EINVALID naming the file (name), the line and the record.
func legacyDecodeDocument(name string, r io.Reader) (model.Document, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return model.Document{}, model.Errorf(model.EINVALID, "cannot read %s: %v", name, err)
	}
	if err := checkUTF8(name, 0, data); err != nil {
		return model.Document{}, err
	}
	doc, p, err := legacyParse(name, data)
	if err != nil {
		return doc, err
	}
	doc.Normalize()
	if at, err := doc.Check(); err != nil {
		return doc, InFile(name, p.lineOf(at), err)
	}
	return doc, nil
}

// legacyParser walks a document token by token so that every record is
// decoded where it stands and a problem can be given its line.
type legacyParser struct {
	name string
	data []byte
	dec  *json.Decoder
	// lines holds where each record starts, by list ("incident" for the
	// incident), so a problem found once the whole document is read (a
	// reference, a duplicate id) still names its line.
	lines map[string][]int
	// deferred is the first problem with a record: the rest is read for
	// the document's shape, which is judged first (ReadDocument).
	deferred error
}

// lineOf is the line where a record starts, 0 when unknown.
func (p *legacyParser) lineOf(at model.Where) int {
	if ls := p.lines[at.List]; at.Index < len(ls) {
		return ls[at.Index]
	}
	return 0
}

func legacyParse(name string, data []byte) (model.Document, *legacyParser, error) {
	p := &legacyParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: map[string][]int{}}
	doc, err := p.parse()
	return doc, p, err
}

func (p *legacyParser) parse() (model.Document, error) {
	data := p.data
	p.dec.DisallowUnknownFields()
	p.dec.UseNumber() // as ReadDocument does
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
			err = legacyOne(p, "incident", "incident", &doc.Incident, (*model.Incident).Validate)
		case "people":
			err = legacyList(p, key, "person", &doc.People, (*model.Person).Validate)
		case "agents":
			err = legacyList(p, key, "agent", &doc.Agents, (*model.Agent).Validate)
		case "assets":
			err = legacyList(p, key, "asset", &doc.Assets, (*model.Asset).Validate)
		case "evidence":
			err = legacyList(p, key, "evidence", &doc.Evidence, (*model.Evidence).Validate)
		case "events":
			err = legacyList(p, key, "event", &doc.Events, (*model.Event).Validate)
		case "reviews":
			err = legacyList(p, key, "review", &doc.Reviews, (*model.Review).Validate)
		case "status_changes":
			err = legacyList(p, key, "status change", &doc.StatusChanges, (*model.StatusChange).Validate)
		default:
			if want := nearestName(key, jsonFields(reflect.TypeOf(doc))); want != key {
				return doc, p.fail(problem{off, "document: " + (&keyCaseError{key: key, want: want}).Error()})
			}
			return doc, p.fail(problem{off, "document: unknown field " + quoteKey(key) + model.NotInV1})
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
	return doc, p.deferred
}

// one decodes the value at the decoder's position into v and validates it;
// list is where the document keeps it (see legacyParser.lines).
func legacyOne[T any](p *legacyParser, list, rec string, v *T, validate func(*T) error) error {
	start := legacyValueStart(p.data, p.dec.InputOffset())
	if list != "" {
		line, _ := lineCol(p.data, start)
		p.lines[list] = append(p.lines[list], line)
	}
	if p.deferred != nil {
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return p.syntax(start)
		}
		return nil
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
		p.deferred = p.fail(diagnose(rec, raw, start, v, err))
		return nil
	}
	if validate != nil {
		if err := validate(v); err != nil {
			line, _ := lineCol(p.data, start)
			p.deferred = InFile(p.name, line, err)
		}
	}
	return nil
}

// format decodes the document's "format", which is a string, not a record.
func (p *legacyParser) format(v *string) error {
	start := legacyValueStart(p.data, p.dec.InputOffset())
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return p.syntax(start)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return p.fail(problem{start, "document: field \"format\" " + fieldTrouble(reflect.TypeOf(""), raw, err)})
	}
	// Since files from a newer signoff were named as such, the decoder
	// refuses a newer format where it reads it: what follows is not its
	// to judge, a syntax error at the end included.
	if model.NewerFormat(*v) {
		return InFile(p.name, 0, model.CheckFormat(*v))
	}
	return nil
}

// list decodes a JSON list of records (null counts as empty).
func legacyList[T any](p *legacyParser, field, rec string, out *[]T, validate func(*T) error) error {
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
		if err := legacyOne(p, field, rec, &v, validate); err != nil {
			return err
		}
		*out = append(*out, v)
	}
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(p.dec.InputOffset())
	}
	return nil
}

func (p *legacyParser) fail(pr problem) error {
	if pr.off < 0 {
		return ErrorAt(p.name, 0, 0, pr.msg)
	}
	line, col := lineCol(p.data, pr.off)
	return ErrorAt(p.name, line, col, pr.msg)
}

// syntax reports the first syntax error at or after off.
func (p *legacyParser) syntax(off int64) error {
	pr := syntaxProblem(p.data, 0)
	if pr.off < off {
		pr.off = off
	}
	return p.fail(pr)
}

// legacyValueStart is where the value after off begins: past white space and
// the comma or colon the decoder leaves before it.
func legacyValueStart(data []byte, off int64) int64 {
	off = min(off, int64(len(data)))
	off += leadingSpace(data[off:])
	if off < int64(len(data)) && (data[off] == ',' || data[off] == ':') {
		off++
		off += leadingSpace(data[off:])
	}
	return off
}
