package format

import (
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
	var doc model.Document
	// lines holds where each record starts, by list ("incident" for the
	// incident), so a problem found once the whole document is read (a
	// reference, a duplicate id) still names its line.
	lines := map[string][]int{}
	err := readDocument(name, r, func(rec DocRecord) error {
		lines[rec.List] = append(lines[rec.List], rec.Line)
		switch v := rec.Value.(type) {
		case *model.Incident:
			doc.Incident = *v
		case *model.Person:
			doc.People = append(doc.People, *v)
		case *model.Agent:
			doc.Agents = append(doc.Agents, *v)
		case *model.Asset:
			doc.Assets = append(doc.Assets, *v)
		case *model.Evidence:
			doc.Evidence = append(doc.Evidence, *v)
		case *model.Event:
			doc.Events = append(doc.Events, *v)
		case *model.Review:
			doc.Reviews = append(doc.Reviews, *v)
		case *model.StatusChange:
			doc.StatusChanges = append(doc.StatusChanges, *v)
		}
		return nil
	})
	if err != nil {
		return doc, unshape(err)
	}
	doc.Format = model.FormatV1
	doc.Normalize()
	if at, err := doc.Check(); err != nil {
		line := 0
		if ls := lines[at.List]; at.Index < len(ls) {
			line = ls[at.Index]
		}
		return doc, InFile(name, line, err)
	}
	return doc, nil
}

// DocRecord is one record of a document as ReadDocument hands it over.
type DocRecord struct {
	List  string // "incident", "people", "agents", "assets", "evidence", "events", "reviews" or "status_changes"
	Index int    // its place in that list
	Line  int    // the line it starts on
	// Value is a *model.Incident, *model.Person, *model.Agent,
	// *model.Asset, *model.Evidence, *model.Event, *model.Review or
	// *model.StatusChange, checked on its own and in normal form.
	Value any
	// Raw is the record's JSON as the document spells it, the caller's
	// to keep: DecodeDocRecord(List, Raw) gives Value again, so a record
	// can wait as its bytes, which take far less memory than its value.
	Raw []byte
}

// ReadDocument reads an incident document from r as a stream of JSON
// tokens, handing each record to each, in document order, once it is
// decoded strictly and checked on its own (what Validate checks); it holds
// one record at a time, never the document. It ends with the document's
// own checks (its format, that it has an incident); what needs every
// record (unique ids, references) is the caller's. An error from each is
// returned as it is; any problem with the document is EINVALID naming the
// file, the line and the record.
//
// The document's shape is judged before its records: a problem with a
// record (or each's error) stops the records being handed over, and the
// rest of the document is read for its shape only. A field the document
// does not have (a "colour" beside "incident"), a field given twice, a
// newer format, a syntax error or bytes that are not UTF-8, anywhere, are
// then refused before it: a document from another tool or a newer
// signoff is named as such, not by the first of its records this version
// reads differently (IsShape tells them).
func ReadDocument(name string, r io.Reader, each func(DocRecord) error) error {
	return readDocument(name, r, each)
}

func readDocument(name string, r io.Reader, each func(DocRecord) error) error {
	in := newDocInput(name, r)
	p := &docParser{name: name, in: in, dec: json.NewDecoder(in), each: each}
	// A number read as a token stays text: one too large for a float64
	// (1e400 where the document or a list should begin) is then refused
	// for what it is, not for not fitting a float.
	p.dec.UseNumber()
	err := p.parse()
	if err == nil || err == p.deferred {
		return err
	}
	if bad := in.drainUTF8(); bad != nil {
		err = bad
	}
	return shapeError{err}
}

// shapeError is a problem with a document's shape, which ReadDocument
// names before any problem with its records.
type shapeError struct{ error }

func (e shapeError) Unwrap() error { return e.error }

// IsShape reports whether err, from ReadDocument, is a problem with the
// document's shape rather than with one of its records or each's own:
// the one to report even when the records before it were refused.
func IsShape(err error) bool {
	var s shapeError
	return errors.As(err, &s)
}

// unshape is err without its shapeError mark.
func unshape(err error) error {
	if s, ok := err.(shapeError); ok {
		return s.error
	}
	return err
}

// docParser walks a document token by token so that every record is
// decoded where it stands and a problem can be given its line.
type docParser struct {
	name     string
	in       *docInput
	dec      *json.Decoder
	each     func(DocRecord) error
	format   string
	incident bool
	// deferred is the first problem with a record, or each's first
	// error: from then on records are read for their syntax only, and
	// it is returned once the document's shape is judged sound.
	deferred error
}

// refuse defers a problem with a record (see deferred).
func (p *docParser) refuse(err error) {
	if p.deferred == nil {
		p.deferred = err
	}
}

// A syntax error is explained the way encoding/json explains one in a whole
// document: by scanning the input from where the decoder stood, behind a
// prefix that opens the same structure, so the scanner is in the state the
// decoder was in (see syntax).
const (
	atDocumentStart = ""
	inDocument      = "{"       // after the document's opening brace
	afterMember     = `{"":""`  // after a field of the document
	afterKey        = `{""`     // after a field's name, before its value
	inList          = `{"":[`   // after a list's opening bracket
	afterElement    = `{"":[""` // after a record in a list
)

func (p *docParser) parse() error {
	tok, err := p.dec.Token()
	if err != nil {
		return p.syntax(0, atDocumentStart, 0)
	}
	if tok != json.Delim('{') {
		return p.fail(problem{0, "the document must be a JSON object with \"format\", \"incident\", \"people\", \"agents\", \"assets\", \"evidence\", \"events\", \"reviews\" and \"status_changes\""})
	}
	seen := map[string]bool{}
	state := inDocument
	for p.dec.More() {
		from := p.mark()
		tok, err := p.dec.Token()
		rest := p.in.from(from)
		off := from + leadingSpace(rest) + skipComma(rest)
		if err != nil {
			return p.syntax(from, state, off)
		}
		key, _ := tok.(string)
		if seen[key] {
			return p.fail(problem{off, "document: field " + quoteKey(key) + " appears twice"})
		}
		seen[key] = true
		switch key {
		case "format":
			err = p.readFormat()
		case "incident":
			var inc model.Incident
			err = one(p, "incident", "incident", 0, afterKey, &inc, (*model.Incident).Validate)
			p.incident = p.incident || err == nil
		case "people":
			err = list(p, key, "person", (*model.Person).Validate)
		case "agents":
			err = list(p, key, "agent", (*model.Agent).Validate)
		case "assets":
			err = list(p, key, "asset", (*model.Asset).Validate)
		case "evidence":
			err = list(p, key, "evidence", (*model.Evidence).Validate)
		case "events":
			err = list(p, key, "event", (*model.Event).Validate)
		case "reviews":
			err = list(p, key, "review", (*model.Review).Validate)
		case "status_changes":
			err = list(p, key, "status change", (*model.StatusChange).Validate)
		default:
			if want := nearestName(key, jsonFields(reflect.TypeOf(model.Document{}))); want != key {
				return p.fail(problem{off, "document: " + (&keyCaseError{key: key, want: want}).Error()})
			}
			return p.fail(problem{off, "document: unknown field " + quoteKey(key) + model.NotInV1})
		}
		if err != nil {
			return err
		}
		state = afterMember
	}
	from := p.dec.InputOffset()
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(from, state, from)
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		if p.in.err != nil {
			return p.in.err
		}
		return p.fail(problem{p.dec.InputOffset(), "unexpected text after the end of the document"})
	}
	if p.deferred != nil {
		return p.deferred
	}
	if p.format != model.FormatV1 || !p.incident {
		// The document's own checks, as model.Document.Check words them.
		d := model.Document{Format: p.format}
		if _, err := d.Check(); err != nil {
			return InFile(p.name, 0, err)
		}
	}
	return nil
}

// one decodes the record at the decoder's position (its structure so far
// is state) into v, checks it and hands it over; list is where the
// document keeps it.
func one[T any](p *docParser, list, rec string, index int, state string, v *T, validate func(*T) error) error {
	from := p.mark()
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return p.syntax(from, state, valueStart(p.in.from(from), from))
	}
	start := p.dec.InputOffset() - int64(len(raw))
	p.in.advance(start)
	if p.deferred == nil {
		if err := p.record(list, rec, index, start, raw, v, func(any) error { return validate(v) }); err != nil {
			p.refuse(err)
		}
	}
	p.mark()
	return nil
}

// record checks a record read whole and hands it over.
func (p *docParser) record(list, rec string, index int, start int64, raw json.RawMessage, v any, validate func(any) error) error {
	line, _ := p.in.lineCol(start)
	if err := strict(raw, v); err != nil {
		return p.fail(diagnose(rec, raw, start, v, err))
	}
	if err := validate(v); err != nil {
		return InFile(p.name, line, err)
	}
	if n, ok := v.(interface{ Normalize() }); ok {
		n.Normalize()
	}
	return p.each(DocRecord{List: list, Index: index, Line: line, Value: v, Raw: raw})
}

// readFormat decodes the document's "format", which is a string, not a
// record; it is checked at the end, after every record, as
// model.Document.Check does.
func (p *docParser) readFormat() error {
	from := p.mark()
	var raw json.RawMessage
	if err := p.dec.Decode(&raw); err != nil {
		return p.syntax(from, afterKey, valueStart(p.in.from(from), from))
	}
	start := p.dec.InputOffset() - int64(len(raw))
	if err := json.Unmarshal(raw, &p.format); err != nil {
		return p.fail(problem{start, "document: field \"format\" " + fieldTrouble(reflect.TypeOf(""), raw, err)})
	}
	// A newer format is refused at once: its records are not this one's
	// to judge. Any other wrong format is named once the whole document
	// has been read, after what is broken in it.
	if model.NewerFormat(p.format) {
		return InFile(p.name, 0, model.CheckFormat(p.format))
	}
	return nil
}

// list decodes a JSON list of records (null counts as empty).
func list[T any](p *docParser, field, rec string, validate func(*T) error) error {
	from := p.mark()
	tok, err := p.dec.Token()
	// Only now has the decoder read past the white space before the value.
	start := from + leadingSpace(p.in.from(from))
	if err != nil {
		return p.syntax(from, afterKey, start)
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('[') {
		return p.fail(problem{start, "document: field " + quoteKey(field) + " must be a list"})
	}
	state := inList
	for i := 0; p.dec.More(); i++ {
		var v T
		if err := one(p, field, rec, i, state, &v, validate); err != nil {
			return err
		}
		state = afterElement
	}
	from = p.dec.InputOffset()
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(from, state, from)
	}
	return nil
}

// mark lets go of the input before the decoder's position, where the
// next value begins (or the record read ends), and returns that offset:
// what the input holds from there on is one value, so its size can be
// bounded (docInput.Read).
func (p *docParser) mark() int64 {
	from := p.dec.InputOffset()
	p.in.advance(from)
	return from
}

func (p *docParser) fail(pr problem) error {
	if pr.off < 0 {
		return ErrorAt(p.name, 0, 0, pr.msg)
	}
	line, col := p.in.lineCol(pr.off)
	return ErrorAt(p.name, line, col, pr.msg)
}

// syntax reports the first syntax error of the input from offset from
// on, where the decoder stood with the structure state open, and not
// before offset atLeast; or the read's own problem.
func (p *docParser) syntax(from int64, state string, atLeast int64) error {
	if p.in.err != nil {
		return p.in.err
	}
	text := append([]byte(state), p.in.from(from)...)
	pr := syntaxProblem(text, from-int64(len(state)))
	if pr.off < atLeast {
		pr.off = atLeast
	}
	return p.fail(pr)
}

// valueStart is where the value after offset off begins, given the input
// from off on: past white space and the comma or colon the decoder leaves
// before it.
func valueStart(rest []byte, off int64) int64 {
	n := leadingSpace(rest)
	if n < int64(len(rest)) && (rest[n] == ',' || rest[n] == ':') {
		n++
		n += leadingSpace(rest[n:])
	}
	return off + n
}

func quoteKey(k string) string { return model.Quote(k) }
