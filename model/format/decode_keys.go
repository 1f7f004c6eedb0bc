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
	return fmt.Sprintf("field %s is not part of the format (did you mean %q?)", model.Quote(e.key), e.want)
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
// strictly, that is not a name of the format, or that its object already
// has (encoding/json keeps the last of two, so {"owner": "ghost", "owner":
// "alice"} would quietly import as alice). It only finds the strings (a
// quote outside a string always opens one), looks after each for the colon
// that makes it a key, and follows the braces to know whose key it is, so
// it costs far less than the decode.
func checkKeys(raw []byte) error {
	names := formatNames()
	// keys holds the keys of the objects open at i, innermost last;
	// objects[k] is where the keys of the k-th open object start.
	var keysBuf [32]keyAt
	var objBuf [8]int
	keys, objects := keysBuf[:0], objBuf[:0]
	for i := 0; i < len(raw); {
		switch raw[i] {
		case '{':
			objects = append(objects, len(keys))
			i++
			continue
		case '}':
			if n := len(objects); n > 0 {
				keys, objects = keys[:objects[n-1]], objects[:n-1]
			}
			i++
			continue
		case '"':
		default:
			i++
			continue
		}
		start := i + 1
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
		key := keyAt{raw: raw[start:end], off: int64(start - 1)}
		if bytes.IndexByte(key.raw, '\\') >= 0 {
			// An escaped key is compared as the decoder reads it.
			var name string
			if json.Unmarshal(raw[start-1:end+1], &name) == nil {
				key.raw = []byte(name)
			}
		}
		// The format's names are lower case: a key in lower case that the
		// decode accepted can only be one of them exactly.
		if !plainLower(key.raw) && !names[string(key.raw)] {
			name := string(key.raw)
			return &keyCaseError{off: key.off, key: name, want: nearestName(name, names)}
		}
		if len(objects) > 0 {
			for _, k := range keys[objects[len(objects)-1]:] {
				if bytes.Equal(k.raw, key.raw) {
					return &repeatedKeyError{off: key.off, key: string(key.raw)}
				}
			}
		}
		keys = append(keys, key)
	}
	return nil
}

// keyAt is one key of an object being walked and where it stands.
type keyAt struct {
	raw []byte
	off int64
}

// repeatedKeyError is a key its object already had.
type repeatedKeyError struct {
	off int64 // of the second key's opening quote, from the start of the value
	key string
}

func (e *repeatedKeyError) Error() string {
	return fmt.Sprintf("field %s appears twice; a record names each field once", model.Quote(e.key))
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
