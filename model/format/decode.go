package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// Decoding is strict: unknown fields, wrong types and bad times are errors.
// encoding/json reports them without saying which record or where, so when
// a strict decode fails, diagnose walks the record's keys in order and
// decodes each one alone to name the record, the field and its position.

// problem is a decode failure located in the input.
type problem struct {
	off int64 // byte offset of the culprit in the input, -1 when unknown
	msg string
}

// diagnose explains why raw (a record of kind rec, starting at byte base of
// the input) did not decode into v. It never returns an empty message.
func diagnose(rec string, raw []byte, base int64, v any, cause error) problem {
	var se *json.SyntaxError
	if errors.As(cause, &se) {
		return syntaxProblem(raw, base)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return problem{base + leadingSpace(raw), fmt.Sprintf("a %s record must be a JSON object", rec)}
	}
	type member struct {
		key string
		off int64
		val json.RawMessage
	}
	var members []member
	for dec.More() {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return syntaxProblem(raw, base)
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return syntaxProblem(raw, base)
		}
		key, _ := tok.(string)
		members = append(members, member{key, base + off + leadingSpace(raw[off:]) + skipComma(raw[off:]), val})
	}
	who := rec
	for _, m := range members {
		var id string
		if (m.key == "id" || (rec == "review" && m.key == "subject")) && json.Unmarshal(m.val, &id) == nil && id != "" {
			who = rec + " " + shownID(id)
		}
	}
	var ke *keyCaseError
	if errors.As(cause, &ke) {
		return problem{base + ke.off, fmt.Sprintf("%s: %s", who, ke)}
	}
	var re *repeatedKeyError
	if errors.As(cause, &re) {
		return problem{base + re.off, fmt.Sprintf("%s: %s", who, re)}
	}
	var su *surrogateError
	if errors.As(cause, &su) {
		return problem{base + su.off, fmt.Sprintf("%s: %s", who, su)}
	}
	var tr *trailingError
	if errors.As(cause, &tr) {
		return problem{base + tr.off, fmt.Sprintf("%s: %s", who, tr)}
	}
	fields := jsonFields(reflect.TypeOf(v).Elem())
	seen := map[string]bool{}
	for _, m := range members {
		t, ok := fields[m.key]
		if !ok {
			return problem{m.off, fmt.Sprintf("%s: unknown field %s%s", who, model.Quote(m.key), model.NotInV1)}
		}
		if seen[m.key] {
			return problem{m.off, fmt.Sprintf("%s: field %s appears twice; a record names each field once", who, model.Quote(m.key))}
		}
		seen[m.key] = true
		if err := strict(m.val, reflect.New(t).Interface()); err != nil {
			var oe *offsetError
			if errors.As(err, &oe) {
				return problem{m.off, fmt.Sprintf("%s: %s", who, oe.in(m.key))}
			}
			return problem{m.off, fmt.Sprintf("%s: field %q %s", who, m.key, fieldTrouble(t, m.val, err))}
		}
	}
	return problem{-1, fmt.Sprintf("%s: %s", who, strings.TrimPrefix(cause.Error(), "json: "))}
}

// fieldTrouble says what is wrong with one field's value.
func fieldTrouble(t reflect.Type, val json.RawMessage, err error) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return fmt.Sprintf("is %s; expected an RFC 3339 time such as \"2026-03-01T09:30:00Z\"", quote(val))
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		where := ""
		if te.Field != "" {
			where = fmt.Sprintf(" (at %q)", te.Field)
		}
		return fmt.Sprintf("is %s%s; expected %s", quote(val), where, typeName(te.Type))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return fmt.Sprintf("is %s: %s", quote(val), msg)
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "an RFC 3339 time"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}

// quote shows a JSON value briefly, as it was written: about eighty
// characters at most, so a megabyte-long value is not echoed whole.
func quote(val json.RawMessage) string {
	s := string(bytes.TrimSpace(val))
	if utf8.RuneCountInString(s) > 80 {
		n := 0
		for i := range s {
			if n == 77 {
				return s[:i] + "…"
			}
			n++
		}
	}
	return s
}

// shownID is an id as an error message names its record: as it is when it
// is a valid id, else quoted and cut short.
func shownID(id string) string {
	if model.ValidID(id) {
		return id
	}
	return model.Quote(id)
}

// strict decodes one JSON value into v, refusing unknown fields, field
// names spelled with other letter cases (checkKeys), escapes of half a
// surrogate pair, which the decode would read as U+FFFD (loneSurrogate),
// and times with an offset RFC 3339 does not allow (checkOffsets).
func strict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		// More has read past the white space after the value.
		at := dec.InputOffset()
		at += leadingSpace(raw[at:])
		space := raw[len(bytes.TrimRight(raw[:at], " \t\r\n")):at]
		return &trailingError{off: at, cr: bytes.IndexByte(space, '\r') >= 0}
	}
	if err := loneSurrogate(raw); err != nil {
		return err
	}
	if err := checkKeys(raw); err != nil {
		return err
	}
	return checkOffsets(raw, reflect.TypeOf(v))
}

// trailingError is text after the value strict was given: on a stream's
// line, after its record.
type trailingError struct {
	off int64 // where the text starts, from the start of the value
	cr  bool  // a carriage return stands between: a file whose lines end with one alone
}

func (e *trailingError) Error() string {
	msg := "text after the end of the record; a line holds one record"
	if e.cr {
		msg += " (the file's lines seem to end with a carriage return alone: end them with a newline)"
	}
	return msg
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// included) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				fields[k] = v
			}
			continue
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	return fields
}

// syntaxProblem locates a syntax error; Unmarshal reports offsets from the
// start of what it was given, which the streaming decoder does not.
func syntaxProblem(raw []byte, base int64) problem {
	var v any
	err := json.Unmarshal(raw, &v)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := se.Offset - 1
		if off < 0 {
			off = 0
		}
		return problem{base + off, "not valid JSON: " + nameCharacter(strings.TrimPrefix(se.Error(), "json: "), raw[min(off, int64(len(raw))):])}
	}
	if err != nil {
		return problem{base, "not valid JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
	}
	return problem{base, "not valid JSON"}
}

// nameCharacter rewords a syntax error about the character rest starts
// with: encoding/json quotes the first byte of one beyond ASCII as if it
// were Latin-1 ('ï' for the byte order mark editors put before a file's
// text), so it is named by its code point instead.
func nameCharacter(msg string, rest []byte) string {
	if len(rest) == 0 || rest[0] < utf8.RuneSelf {
		return msg
	}
	q := strconv.Quote(string(rune(rest[0])))
	r, _ := utf8.DecodeRune(rest)
	msg = strings.Replace(msg, "'"+q[1:len(q)-1]+"'", fmt.Sprintf("%U", r), 1)
	if r == '\uFEFF' {
		msg += " (a byte order mark: save the file as UTF-8 without one)"
	}
	return msg
}

func leadingSpace(b []byte) int64 { return int64(len(b) - len(bytes.TrimLeft(b, " \t\r\n"))) }

// skipComma accounts for the comma the decoder leaves before a member.
func skipComma(b []byte) int64 {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) > 0 && b[0] == ',' {
		return 1 + leadingSpace(b[1:])
	}
	return 0
}

// lineCol turns a byte offset into a 1-based line and column (in bytes).
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}
