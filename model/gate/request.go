package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
)

// Request is one pending request of a framework: the tool calls it asks a
// human about (one for Claude Code and OpenAI, one per action for LangChain).
type Request struct {
	Format Format
	Calls  []Call
	// Session is the framework's conversation or session id, when it has one.
	Session string
}

// Call is one tool call waiting for a human.
type Call struct {
	// ID is the framework's id of the call (tool_use_id, the approval
	// request's id); empty when the framework gives none (LangChain).
	ID string
	// Format is the framework that asked: a mapping rule may be bound to it.
	Format Format
	// Tool is the tool's name; Server the MCP server's label (OpenAI).
	Tool   string
	Server string
	// Input is the tool's arguments, decoded with numbers kept as written.
	Input map[string]any
	// Description is the framework's own words about the call, if any.
	Description string
	// Outcomes lists what the framework lets a human decide (LangChain's
	// allowed_decisions, as signoff outcomes); nil means every outcome.
	Outcomes []model.Outcome
	// Raw is the call as the framework sent it, kept in the record.
	Raw json.RawMessage
}

// Decode reads one request in format f. Fields the frameworks add over
// time are ignored; what the gate needs is required, and its absence is an
// EINVALID sentence naming the field.
func Decode(f Format, data []byte) (Request, error) {
	var req Request
	var err error
	switch f {
	case ClaudeCode:
		req, err = decodeClaude(data)
	case LangChainHITL:
		req, err = decodeLangChain(data)
	case OpenAIMCP:
		req, err = decodeOpenAI(data)
	default:
		return Request{}, model.Errorf(model.EINVALID, "%q is not a gate format", f)
	}
	for i := range req.Calls {
		req.Calls[i].Format = f
	}
	return req, err
}

// object decodes data as one JSON object, numbers kept as written. Data
// that is not UTF-8 is refused: JSON would read each bad byte as U+FFFD,
// and the record would keep a call the agent never made.
func object(data []byte, what string) (map[string]json.RawMessage, error) {
	if at, b, ok := firstBadByte(data); !ok {
		return nil, model.Errorf(model.EINVALID, "the %s is not valid UTF-8 (byte 0x%02X at offset %d); signoff records a call only as it was asked, so it cannot record this one", what, b, at)
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, notAnObject(err, what)
	}
	if dec.More() {
		return nil, model.Errorf(model.EINVALID, "the %s has more than one JSON value; expected one object", what)
	}
	return m, nil
}

// notAnObject says why data did not decode as one JSON object: no input,
// input that is not JSON at all (cut short, say), as the importer says,
// or JSON of another kind.
func notAnObject(err error, what string) error {
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF):
		return model.Errorf(model.EINVALID, "the %s is empty; expected one JSON object", what)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return model.Errorf(model.EINVALID, "the %s is not valid JSON: it ends before its object does (cut short?)", what)
	case errors.As(err, &syntax):
		return model.Errorf(model.EINVALID, "the %s is not valid JSON: %s", what, strings.TrimPrefix(syntax.Error(), "json: "))
	}
	return model.Errorf(model.EINVALID, "the %s is not a JSON object", what)
}

// str reads an optional string field; a field of another type is an error.
func str(m map[string]json.RawMessage, key, what string) (string, error) {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", model.Errorf(model.EINVALID, "field %q of the %s is not a string", key, what)
	}
	return s, nil
}

// required reads a string field that must be present and not empty.
func required(m map[string]json.RawMessage, key, what string) (string, error) {
	s, err := str(m, key, what)
	if err == nil && s == "" {
		err = model.Errorf(model.EINVALID, "the %s has no %q", what, key)
	}
	return s, err
}

// arguments decodes a tool's arguments: a JSON object, numbers as written.
func arguments(raw json.RawMessage, key, what string) (map[string]any, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var args map[string]any
	if err := dec.Decode(&args); err != nil || args == nil {
		return nil, model.Errorf(model.EINVALID, "field %q of the %s is not a JSON object", key, what)
	}
	// OpenAI's arguments are a string of JSON: what follows the first
	// object would not be shown, yet the tool is handed the whole string.
	if _, err := dec.Token(); err != io.EOF {
		return nil, model.Errorf(model.EINVALID, "field %q of the %s has more after its JSON object; a person would approve the object while the tool is given all of it: signoff does not record the call", key, what)
	}
	if problem := keysTwice(raw); problem != "" {
		return nil, model.Errorf(model.EINVALID, "field %q of the %s %s; a tool may read either, so what a person approves may not be what runs: signoff does not record the call", key, what, problem)
	}
	return args, nil
}

// keysTwice says which object in data names a key twice, or two keys that
// differ only in letter case ("" when none does). A decoder keeps one of
// them (the last, or the first, or either, matched without regard to
// case, as Go's encoding/json does for struct fields), so the call shown
// and the call run could differ.
func keysTwice(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	problem, _ := walkKeys(dec)
	return problem
}

// walkKeys reads one JSON value from dec, checking the keys of every
// object in it.
func walkKeys(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]string{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return "", err
			}
			k, _ := kt.(string)
			f := foldKey(k)
			if first, ok := seen[f]; ok {
				if first == k {
					return fmt.Sprintf("names the key %s twice", model.Quote(k)), nil
				}
				return fmt.Sprintf("names the keys %s and %s, which differ only in letter case", model.Quote(first), model.Quote(k)), nil
			}
			seen[f] = k
			if p, err := walkKeys(dec); p != "" || err != nil {
				return p, err
			}
		}
		_, err = dec.Token()
		return "", err
	case json.Delim('['):
		for dec.More() {
			if p, err := walkKeys(dec); p != "" || err != nil {
				return p, err
			}
		}
		_, err = dec.Token()
		return "", err
	}
	return "", nil
}

// foldKey is k with each letter replaced by the least of the letters it
// folds to, so keys equal under Unicode case folding (K, k and the Kelvin
// sign among them) are equal.
func foldKey(k string) string {
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, k)
}

// compact is raw without insignificant white space, as the record keeps it.
func compact(raw []byte) json.RawMessage {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return append(json.RawMessage(nil), raw...)
	}
	return b.Bytes()
}

// firstBadByte finds the first byte of data that is not UTF-8.
func firstBadByte(data []byte) (int, byte, bool) {
	if utf8.Valid(data) {
		return 0, 0, true
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, data[i], false
		}
		i += size
	}
	return 0, 0, true
}
