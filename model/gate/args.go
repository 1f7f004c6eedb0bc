package gate

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/signoff/signoff/model"
)

// Arguments are named by their key, or by a dotted path into nested
// objects ("target.host").

func lookup(input map[string]any, path string) (any, bool) {
	if path == "" {
		return nil, false
	}
	var cur any = input
	for _, key := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[key]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// argString reads an argument that is a string.
func argString(input map[string]any, path string) (string, bool) {
	v, ok := lookup(input, path)
	s, isString := v.(string)
	return s, ok && isString
}

// argText reads an argument as text: a string as it is, anything else as
// its JSON.
func argText(input map[string]any, path string) (string, bool) {
	v, ok := lookup(input, path)
	if !ok {
		return "", false
	}
	if s, isString := v.(string); isString {
		return s, true
	}
	return jsonText(v), true
}

// inputJSON is the whole input as compact JSON, keys sorted.
func inputJSON(input map[string]any) string {
	if input == nil {
		input = map[string]any{}
	}
	return jsonText(input)
}

func jsonText(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// WithDetail is the call's input with a changed detail: the detail
// argument replaced (a copy; c.Input is not changed), or, when the detail
// is the whole input, the detail read as the new input, which must then be
// a JSON object.
func WithDetail(c Call, m Mapped, detail string) (map[string]any, error) {
	if m.DetailArg == "" {
		return parseInput(detail)
	}
	out := copyMap(c.Input)
	keys := strings.Split(m.DetailArg, ".")
	cur := out
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil, model.Errorf(model.EINVALID, "the call has no argument %s to change", m.DetailArg)
		}
		next = copyMap(next)
		cur[k] = next
		cur = next
	}
	cur[keys[len(keys)-1]] = detail
	return out, nil
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// parseInput reads a whole changed input.
func parseInput(detail string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(detail))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, model.Errorf(model.EINVALID, "the changed detail must be the tool's whole input as one JSON object, because the call is answered with it")
	}
	return m, nil
}
