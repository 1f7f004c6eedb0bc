package db

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// Verify decodes a million payloads; encoding/json spends most of verify's
// time on them. Payloads are signoff's own canonical JSON: flat objects of
// strings, numbers and small nested records. The fast path below reads
// exactly the fields of the model types, checks every value has the JSON
// type encoding/json would want, and hands anything else (null, unknown or
// repeated keys, escapes in a field verify reads) to encoding/json, so a
// payload means the same either way.

// jsonKind is the JSON a field of a payload must hold.
type jsonKind byte

const (
	kString  jsonKind = iota // a string without escapes, whose text verify reads
	kText                    // any string: verify does not read it
	kTime                    // an RFC 3339 time string
	kStrings                 // an array of strings
	kObject                  // an object of the field's shape
	kObjects                 // an array of such objects
	kBool
	kInt
	kFloat
)

// payloadShape lists the JSON names of one model type's fields, in an order
// the decoders below index.
type payloadShape struct {
	kinds []jsonKind
	subs  []*payloadShape
	index map[string]int
}

// field is one field of a shape: its JSON name, kind and, for objects,
// their shape.
type field struct {
	name string
	kind jsonKind
	sub  *payloadShape
}

func newShape(fields ...field) *payloadShape {
	s := &payloadShape{index: map[string]int{}}
	for i, f := range fields {
		s.index[f.name] = i
		s.kinds = append(s.kinds, f.kind)
		s.subs = append(s.subs, f.sub)
	}
	return s
}

// maxFields bounds a shape, so scan's values fit on the stack.
const maxFields = 32

// Field indexes follow the order given to newShape; each shape holds every
// field of its model type, with the type encoding/json would want.
var (
	actionShape    = newShape(field{"type", kString, nil}, field{"target", kString, nil}, field{"detail", kString, nil})
	signatureShape = newShape(field{"key", kText, nil}, field{"statement", kText, nil}, field{"sshsig", kText, nil})
	approvalShape  = newShape(field{"by", kText, nil}, field{"at", kTime, nil},
		field{"session_key", kText, nil}, field{"signature", kObject, signatureShape})
	rejectedShape = newShape(field{"action", kObject, actionShape}, field{"reason", kText, nil})
	evidenceShape = newShape(field{"id", kString, nil}, field{"kind", kString, nil}, field{"asset", kString, nil},
		field{"collected_at", kTime, nil}, field{"collected_by", kString, nil}, field{"sha256", kString, nil},
		field{"uri", kString, nil}, field{"summary", kString, nil})
	reviewShape = newShape(field{"subject", kString, nil}, field{"reviewer", kString, nil}, field{"at", kTime, nil},
		field{"verdict", kString, nil}, field{"outcome_changed", kText, nil}, field{"ai_correct", kText, nil},
		field{"note", kText, nil}, field{"session_key", kText, nil}, field{"signature", kObject, signatureShape})
	eventShape = newShape(field{"id", kString, nil}, field{"at", kTime, nil}, field{"kind", kString, nil},
		field{"source", kString, nil}, field{"actor", kString, nil}, field{"summary", kString, nil},
		field{"detail", kString, nil}, field{"evidence", kStrings, nil}, field{"agent", kString, nil},
		field{"action", kObject, actionShape}, field{"confidence", kFloat, nil}, field{"confidence_cue", kText, nil},
		field{"rank", kInt, nil}, field{"rationale", kText, nil}, field{"alternatives", kObjects, actionShape},
		field{"raw_output", kText, nil}, field{"expires_at", kTime, nil}, field{"suggestion", kString, nil},
		field{"owner", kString, nil}, field{"outcome", kString, nil}, field{"evidence_reviewed", kStrings, nil},
		field{"alternatives_rejected", kObjects, rejectedShape}, field{"approvals", kObjects, approvalShape},
		field{"decision", kString, nil}, field{"automated", kBool, nil}, field{"result", kString, nil},
		field{"session_key", kText, nil}, field{"signature", kObject, signatureShape})
)

// scan reads the object s of the given shape into vals (the text of each
// string, the raw text of anything else) and reports which fields it held.
// ok is false when the fast path cannot vouch for the payload. Times at the
// top level are left for the caller to parse, once.
func scan(s string, shape *payloadShape, vals *[maxFields]string) (seen uint32, ok bool) {
	p := &jsonScanner{s: s}
	seen, ok = p.object(shape, vals, false)
	p.space()
	return seen, ok && p.i == len(s)
}

type jsonScanner struct {
	s string
	i int
}

func (p *jsonScanner) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *jsonScanner) byte(c byte) bool {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string of valid UTF-8 without control characters; escaped
// is whether it holds escapes, in which case its text is not its value.
func (p *jsonScanner) str() (v string, escaped, ok bool) {
	if !p.byte('"') {
		return "", false, false
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			v = p.s[start:p.i]
			p.i++
			return v, escaped, utf8.ValidString(v)
		case c < 0x20:
			return "", false, false
		case c == '\\':
			escaped = true
			if !p.escape() {
				return "", false, false
			}
			continue
		}
		p.i++
	}
	return "", false, false
}

// escape steps over one valid escape sequence.
func (p *jsonScanner) escape() bool {
	if p.i+1 >= len(p.s) {
		return false
	}
	switch p.s[p.i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.i += 2
		return true
	case 'u':
		if p.i+6 > len(p.s) {
			return false
		}
		for _, h := range []byte(p.s[p.i+2 : p.i+6]) {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return false
			}
		}
		p.i += 6
		return true
	}
	return false
}

// number reads the raw text of a JSON number.
func (p *jsonScanner) number() (string, bool) {
	p.space()
	start := p.i
	if p.i < len(p.s) && p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if n := digits(); n == 0 || (n > 1 && p.s[p.i-n] == '0') {
		return "", false
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return "", false
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return "", false
		}
	}
	return p.s[start:p.i], true
}

// object reads an object of the shape; nested objects have their times
// checked here, as nobody reads them later.
func (p *jsonScanner) object(shape *payloadShape, vals *[maxFields]string, nested bool) (seen uint32, ok bool) {
	if !p.byte('{') {
		return 0, false
	}
	if p.byte('}') {
		return 0, true
	}
	for {
		key, escaped, ok := p.str()
		if !ok || escaped || !p.byte(':') {
			return 0, false
		}
		f, known := shape.index[key]
		if !known || seen&(1<<f) != 0 {
			return 0, false
		}
		seen |= 1 << f
		if !p.value(shape.kinds[f], shape.subs[f], &vals[f], nested) {
			return 0, false
		}
		if p.byte('}') {
			return seen, true
		}
		if !p.byte(',') {
			return 0, false
		}
	}
}

func (p *jsonScanner) value(kind jsonKind, sub *payloadShape, val *string, nested bool) bool {
	p.space()
	start := p.i
	ok := false
	switch kind {
	case kString, kTime, kText:
		var escaped bool
		*val, escaped, ok = p.str()
		if kind == kTime && ok && nested {
			_, ok = timeOf(*val)
		}
		return ok && (kind == kText || !escaped)
	case kStrings:
		ok = p.array(nil)
	case kObject:
		var inner [maxFields]string
		_, ok = p.object(sub, &inner, true)
	case kObjects:
		ok = p.array(sub)
	case kBool:
		for _, lit := range [...]string{"true", "false"} {
			if len(p.s)-p.i >= len(lit) && p.s[p.i:p.i+len(lit)] == lit {
				p.i += len(lit)
				ok = true
				break
			}
		}
	case kInt:
		var n string
		if n, ok = p.number(); ok {
			_, err := strconv.ParseInt(n, 10, strconv.IntSize)
			ok = err == nil
		}
	case kFloat:
		var n string
		if n, ok = p.number(); ok {
			_, err := strconv.ParseFloat(n, 64)
			ok = err == nil
		}
	}
	*val = p.s[start:p.i]
	return ok
}

// array reads an array of objects of the shape sub, or of strings when sub
// is nil.
func (p *jsonScanner) array(sub *payloadShape) bool {
	if !p.byte('[') {
		return false
	}
	if p.byte(']') {
		return true
	}
	var inner [maxFields]string
	for {
		ok := false
		if sub == nil {
			_, _, ok = p.str()
		} else {
			_, ok = p.object(sub, &inner, true)
		}
		if !ok {
			return false
		}
		if p.byte(']') {
			return true
		}
		if !p.byte(',') {
			return false
		}
	}
}

// timeOf parses a time the way encoding/json does for time.Time.
func timeOf(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// eventRowOf decodes an event payload into the row it is written as.
func eventRowOf(payload string) (eventRow, error) {
	row, _, err := eventOf(payload)
	return row, err
}

// eventExtra is what the derived tables need of an event beyond its row
// (verify_derived.go).
type eventExtra struct {
	action     model.Action // the whole action, detail included
	hasAction  bool
	confidence *float64
	rank       int
	expiresAt  string // as the payload spells it, "" without one
	outcome    model.Outcome
}

// eventOf decodes an event payload into its row and what the derived
// tables read of it.
func eventOf(payload string) (eventRow, eventExtra, error) {
	var v [maxFields]string
	seen, ok := scan(payload, eventShape, &v)
	var at time.Time
	if ok {
		at, ok = timeOf(v[1])
	}
	if ok && seen&(1<<16) != 0 {
		_, ok = timeOf(v[16])
	}
	var x eventExtra
	if ok && seen&(1<<10) != 0 {
		f, err := strconv.ParseFloat(v[10], 64)
		ok = err == nil
		x.confidence = &f
	}
	if ok && seen&(1<<12) != 0 {
		x.rank, _ = strconv.Atoi(v[12])
	}
	if !ok {
		return slowEvent(payload)
	}
	ev := model.Event{ID: v[0], At: at, Kind: model.EventKind(v[2]), Source: v[3], Actor: v[4], Summary: v[5],
		Detail: v[6], Agent: v[8], Suggestion: v[17], Owner: v[18], Outcome: model.Outcome(v[19]),
		Decision: v[23], Result: model.ExecResult(v[25])}
	if seen&(1<<9) != 0 {
		var a [maxFields]string
		scan(v[9], actionShape, &a)
		x.action, x.hasAction = model.Action{Type: a[0], Target: a[1], Detail: a[2]}, true
		ev.Action = &x.action
	}
	if seen&(1<<16) != 0 {
		x.expiresAt = v[16]
	}
	x.outcome = ev.Outcome
	return rowOfEvent(&ev), x, nil
}

func slowEventRow(payload string) (eventRow, error) {
	row, _, err := slowEvent(payload)
	return row, err
}

func slowEvent(payload string) (eventRow, eventExtra, error) {
	var ev model.Event
	if err := json.Unmarshal([]byte(payload), &ev); err != nil {
		return eventRow{}, eventExtra{}, err
	}
	x := eventExtra{confidence: ev.Confidence, rank: ev.Rank, outcome: ev.Outcome}
	if ev.Action != nil {
		x.action, x.hasAction = *ev.Action, true
	}
	if ev.ExpiresAt != nil {
		// The expiry as the canonical payload spells it.
		b, _ := json.Marshal(ev.ExpiresAt)
		json.Unmarshal(b, &x.expiresAt)
	}
	return rowOfEvent(&ev), x, nil
}

// evidenceRowOf decodes an evidence payload into the row it is written as.
func evidenceRowOf(payload string) (eventRow, error) {
	var v [maxFields]string
	_, ok := scan(payload, evidenceShape, &v)
	var at time.Time
	if ok {
		at, ok = timeOf(v[3])
	}
	if !ok {
		return slowEvidenceRow(payload)
	}
	ev := model.Evidence{ID: v[0], Kind: v[1], Asset: v[2], CollectedAt: at, CollectedBy: v[4], SHA256: v[5],
		URI: v[6], Summary: v[7]}
	return rowOfEvidence(&ev), nil
}

func slowEvidenceRow(payload string) (eventRow, error) {
	var ev model.Evidence
	if err := json.Unmarshal([]byte(payload), &ev); err != nil {
		return eventRow{}, err
	}
	return rowOfEvidence(&ev), nil
}

// decodeReview decodes a review payload: the fields its row holds, and
// the hindsight the trust metrics read.
func decodeReview(payload string, r *model.Review) error {
	var v [maxFields]string
	_, ok := scan(payload, reviewShape, &v)
	var at time.Time
	if ok {
		at, ok = timeOf(v[2])
	}
	if !ok || strings.IndexByte(v[5], '\\') >= 0 {
		return json.Unmarshal([]byte(payload), r)
	}
	*r = model.Review{Subject: v[0], Reviewer: v[1], At: at, Verdict: model.Verdict(v[3]), AICorrect: model.AICorrect(v[5])}
	return nil
}
