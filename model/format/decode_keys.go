package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/signoff/signoff/model"
)

// encoding/json matches an object key to a field case-insensitively
// ("Summary" fills summary), but the format's names are exact: a key that
// differs only by case is as unknown as any other. After a strict decode
// has accepted a record, checkKeys walks its keys and refuses one that is
// not spelled as the format spells it.

// keyCaseError is a key that matched a field of the format only by case.
type keyCaseError struct {
	off       int64 // of the key's opening quote, from the start of the value
	key, want string
}

func (e *keyCaseError) Error() string {
	return fmt.Sprintf("field %q is not part of the format (did you mean %q?)", e.key, e.want)
}

// formatNames holds every field name of the format's records, at any depth
// (actions, approvals …). The format has no maps, so every object key in
// a record must be one of them.
var formatNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for name, ft := range jsonFields(t) {
			names[name] = true
			walk(ft)
		}
	}
	for _, v := range []any{model.Document{}, IncidentLine{}, PersonLine{}, AgentLine{}, AssetLine{},
		EvidenceLine{}, EventLine{}, ReviewLine{}, StatusLine{}} {
		walk(reflect.TypeOf(v))
	}
	for name := range names {
		if !plainLower([]byte(name)) {
			// checkKeys relies on this; a test holds it true.
			panic("format: the format's field name " + name + " is not in lower case")
		}
	}
	return names
})

// checkKeys refuses the first object key of raw, a JSON value that decoded
// strictly, that is not a name of the format. It only finds the strings
// (a quote outside a string always opens one) and looks after each for the
// colon that makes it a key, so it costs far less than the decode.
func checkKeys(raw []byte) error {
	names := formatNames()
	for i := 0; ; {
		open := bytes.IndexByte(raw[i:], '"')
		if open < 0 {
			return nil
		}
		start := i + open + 1
		end := closingQuote(raw, start)
		if end < 0 {
			return nil
		}
		i = end + 1
		for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n') {
			i++
		}
		if i >= len(raw) || raw[i] != ':' {
			continue
		}
		key := raw[start:end]
		// The format's names are lower case: a key in lower case that the
		// decode accepted can only be one of them exactly.
		if plainLower(key) || names[string(key)] {
			continue
		}
		name := string(key)
		if bytes.IndexByte(key, '\\') >= 0 {
			// An escaped key is compared as the decoder reads it.
			if json.Unmarshal(raw[start-1:end+1], &name) == nil && names[name] {
				continue
			}
		}
		return &keyCaseError{off: int64(start - 1), key: name, want: nearestName(name, names)}
	}
}

func plainLower(b []byte) bool {
	for _, c := range b {
		if (c < 'a' || c > 'z') && c != '_' && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// closingQuote returns the index of the quote ending the string whose
// contents start at start, or -1.
func closingQuote(raw []byte, start int) int {
	for i := start; ; {
		q := bytes.IndexByte(raw[i:], '"')
		if q < 0 {
			return -1
		}
		q += i
		backslashes := 0
		for j := q - 1; j >= start && raw[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// nearestName is the name that key folds to, as encoding/json folds;
// failing that (after a strict decode it cannot) the key itself.
func nearestName[V any](key string, names map[string]V) string {
	for name := range names {
		if strings.EqualFold(name, key) {
			return name
		}
	}
	return key
}
