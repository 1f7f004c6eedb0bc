package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/signoff/signoff/model"
)

// The values of a stream line's "record" field.
const (
	RecordIncident = "incident"
	RecordPerson   = "person"
	RecordAgent    = "agent"
	RecordAsset    = "asset"
	RecordEvidence = "evidence"
	RecordEvent    = "event"
	RecordReview   = "review"
	RecordStatus   = "status"
)

const recordKinds = "incident, person, agent, asset, evidence, event, review or status"

// The lines of a record stream: each record type after its "record" field.
// Writers of streams encode these, so the field order matches the decoder's.
type (
	IncidentLine struct {
		Record string `json:"record"`
		Format string `json:"format"`
		model.Incident
	}
	PersonLine struct {
		Record string `json:"record"`
		model.Person
	}
	AgentLine struct {
		Record string `json:"record"`
		model.Agent
	}
	AssetLine struct {
		Record string `json:"record"`
		model.Asset
	}
	EvidenceLine struct {
		Record string `json:"record"`
		model.Evidence
	}
	EventLine struct {
		Record string `json:"record"`
		model.Event
	}
	ReviewLine struct {
		Record string `json:"record"`
		model.Review
	}
	StatusLine struct {
		Record string `json:"record"`
		model.StatusChange
	}
)

// StreamDecoder decodes the lines of one record stream, in order. Each
// incident line starts an incident; the records after it, until the next
// incident line, belong to it. It checks what one line and the lines before
// it can tell: the record's fields and times, that the stream starts with
// an incident, and that no incident starts twice. References between
// records are the reader's to check once an incident's records are all in.
type StreamDecoder struct {
	name      string
	incidents map[string]int // incident id -> line of its incident record
}

// NewStreamDecoder decodes the stream of file name.
func NewStreamDecoder(name string) *StreamDecoder {
	return &StreamDecoder{name: name, incidents: map[string]int{}}
}

// Decode decodes line number line, without its newline, strictly into the
// record its "record" field names, checks it and puts it in normal form
// (times in UTC). The value is a *model.Incident, *model.Person,
// *model.Agent, *model.Asset, *model.Evidence, *model.Event or
// *model.Review or *model.StatusChange; text is not kept.
func (d *StreamDecoder) Decode(line int, text []byte) (any, error) {
	if err := checkUTF8(d.name, line, text); err != nil {
		return nil, err
	}
	kind, err := recordKind(text)
	if err != nil && len(d.incidents) == 0 {
		if doc := documentGiven(text); doc != "" {
			return nil, ErrorAt(d.name, line, 0, doc)
		}
	}
	if err != nil {
		return nil, d.lineProblem(line, text, err)
	}
	var v any
	switch kind {
	case RecordIncident:
		v = new(IncidentLine)
	case RecordPerson:
		v = new(PersonLine)
	case RecordAgent:
		v = new(AgentLine)
	case RecordAsset:
		v = new(AssetLine)
	case RecordEvidence:
		v = new(EvidenceLine)
	case RecordEvent:
		v = new(EventLine)
	case RecordReview:
		v = new(ReviewLine)
	case RecordStatus:
		v = new(StatusLine)
	default:
		return nil, ErrorAt(d.name, line, 0, fmt.Sprintf("field \"record\" is %s; expected %s%s", model.Quote(kind), recordKinds, model.NotInV1))
	}
	if len(d.incidents) == 0 && kind != RecordIncident {
		return nil, ErrorAt(d.name, line, 0, fmt.Sprintf("the first record must be the incident ({\"record\": \"incident\", …}), not a %s", kind))
	}
	if kind == RecordIncident {
		// A newer format's incident line is refused as such before its
		// fields are judged by this format.
		var f struct{ Format string }
		if json.Unmarshal(text, &f) == nil && f.Format != "" {
			if err := model.CheckFormat(f.Format); err != nil {
				return nil, InFile(d.name, line, err)
			}
		}
	}
	if err := strict(text, v); err != nil {
		return nil, d.lineProblem(line, text, diagnose(kind, text, 0, v, err))
	}
	rec, err := d.check(line, v)
	if err != nil {
		return nil, InFile(d.name, line, err)
	}
	return rec, nil
}

// check runs a decoded line's own checks and returns its record.
func (d *StreamDecoder) check(line int, v any) (any, error) {
	switch l := v.(type) {
	case *IncidentLine:
		return d.incident(line, l)
	case *PersonLine:
		return &l.Person, l.Validate()
	case *AgentLine:
		return &l.Agent, l.Validate()
	case *AssetLine:
		return &l.Asset, l.Validate()
	case *EvidenceLine:
		err := l.Evidence.Validate()
		l.Normalize()
		return &l.Evidence, err
	case *EventLine:
		err := l.Event.Validate()
		l.Normalize()
		return &l.Event, err
	case *ReviewLine:
		err := l.Review.Validate()
		l.Normalize()
		return &l.Review, err
	case *StatusLine:
		err := l.StatusChange.Validate()
		l.Normalize()
		return &l.StatusChange, err
	}
	return nil, fmt.Errorf("format: line %d decoded to %T", line, v)
}

func (d *StreamDecoder) incident(line int, l *IncidentLine) (any, error) {
	if err := model.CheckFormat(l.Format); err != nil {
		return nil, err
	}
	if err := l.Incident.Validate(); err != nil {
		return nil, err
	}
	if first, dup := d.incidents[l.ID]; dup {
		return nil, model.Errorf(model.EINVALID, "incident %s already started at line %d of this stream; put its records under one incident line", l.ID, first)
	}
	d.incidents[l.ID] = line
	l.Normalize()
	return &l.Incident, nil
}

// End is the stream's last check, once every line is decoded: it must
// have held at least one incident.
func (d *StreamDecoder) End() error {
	if len(d.incidents) == 0 {
		return ErrorAt(d.name, 0, 0, "the stream holds no records; its first line must be the incident ({\"record\": \"incident\", \"format\": \""+model.FormatV1+"\", …})")
	}
	return nil
}

func (d *StreamDecoder) lineProblem(line int, text []byte, err error) error {
	var pr problem
	if !errors.As(err, &pr) {
		return ErrorAt(d.name, line, 0, err.Error())
	}
	if pr.off < 0 {
		return ErrorAt(d.name, line, 0, pr.msg)
	}
	_, col := lineCol(text, pr.off)
	return ErrorAt(d.name, line, col, pr.msg)
}

func (p problem) Error() string { return p.msg }

// recordKind reads the "record" field, quickly when it comes first (as
// writers put it) and by a full decode otherwise.
func recordKind(b []byte) (string, error) {
	rest, ok := bytes.CutPrefix(b, []byte("{"))
	if ok {
		rest = bytes.TrimLeft(rest, " \t")
		if rest, ok = bytes.CutPrefix(rest, []byte(`"record"`)); ok {
			rest = bytes.TrimLeft(rest, " \t")
			if rest, ok = bytes.CutPrefix(rest, []byte(":")); ok {
				rest = bytes.TrimLeft(rest, " \t")
				if rest, ok = bytes.CutPrefix(rest, []byte(`"`)); ok {
					if i := bytes.IndexAny(rest, `"\`); i > 0 && rest[i] == '"' {
						return string(rest[:i]), nil
					}
				}
			}
		}
	}
	var v struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return "", syntaxProblem(b, 0)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "record" {
			return "", problem{-1, "field \"record\" must be a string: one of " + recordKinds}
		}
		return "", problem{-1, "each line must be a JSON object with a \"record\" field (" + recordKinds + ")"}
	}
	if v.Record == nil {
		return "", problem{-1, "the line has no \"record\" field; expected one of " + recordKinds}
	}
	return *v.Record, nil
}

// documentGiven says, of a stream's first line that is no record, when it
// is the start of an incident document instead (an indented one's "{"
// alone, or a whole one on one line): a document given as a stream, on
// standard input, was refused as "not valid JSON: unexpected end of JSON
// input", naming neither what was wrong nor the way on. "" otherwise.
func documentGiven(text []byte) string {
	const way = "; import a document by naming its file (signoff import FILE.json), since a record stream (.ndjson, or - for standard input) holds one record a line, each with a \"record\" field"
	if string(bytes.TrimSpace(text)) == "{" {
		return "the line is a lone \"{\", the start of an incident document spread over lines, not a record" + way
	}
	var doc struct {
		Format   *string         `json:"format"`
		Incident json.RawMessage `json:"incident"`
		Record   *string         `json:"record"`
	}
	if json.Unmarshal(text, &doc) == nil && doc.Record == nil && doc.Format != nil && doc.Incident != nil {
		return "the line is a whole incident document (it has \"format\" and \"incident\"), not a record" + way
	}
	return ""
}
