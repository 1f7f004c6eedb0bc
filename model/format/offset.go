package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// Go's time parser takes an offset of +24:00 as a whole day and +01:60 as
// +02:00, but RFC 3339 allows hours 00–23 and minutes 00–59: such a time
// is no time its writer could have meant, so it is refused, not read as
// another. time.Time reads a JSON string's bytes as they are (escapes are
// refused already), so a time's offset stands in the raw record as
// written: a record without `±hh:mm"` out of range anywhere has none, and
// only one with it is walked field by field to tell a time from text.
//
// The first instant of year 1 is Go's zero time, which the records'
// checks take for a time never given ("is required"); written out, it is
// a time before any signoff stores, and refused as such here. Written
// with an offset it falls on 0001-01-01 or 0000-12-31, so only a record
// holding one of those dates is walked for it.

// offsetError is a time whose offset RFC 3339 does not allow, or the zero
// time.
type offsetError struct {
	path  string // from the value strict was given, "" for the value itself
	value string
	zero  bool // the value is the zero time, whatever its offset
}

func (e *offsetError) Error() string { return e.in("") }

// in words the error for the field named key of a record.
func (e *offsetError) in(key string) string {
	field := strings.TrimPrefix(key+e.path, ".")
	if e.zero {
		return fmt.Sprintf("field %q is %q, outside the times signoff can store: %s", field, e.value, model.TimeRange)
	}
	return fmt.Sprintf("field %q is %q: RFC 3339 allows offsets from -23:59 to +23:59, not %s",
		field, e.value, e.value[len(e.value)-len("+hh:mm"):])
}

var timeType = reflect.TypeOf(time.Time{})

// checkOffsets refuses the first time in raw, a JSON value that decoded
// strictly into a value of type t, whose offset is out of range or that
// is the zero time.
func checkOffsets(raw []byte, t reflect.Type) error {
	if !mayHaveBadOffset(raw) && !bytes.Contains(raw, []byte(`"0001-01-01T`)) && !bytes.Contains(raw, []byte(`"0000-12-31T`)) {
		return nil
	}
	return walkOffsets(raw, t, "")
}

// mayHaveBadOffset reports whether raw holds `±hh:mm"` with hh over 23 or
// mm over 59 anywhere, in a time or not.
func mayHaveBadOffset(raw []byte) bool {
	for i := len("+hh:mm"); i < len(raw); i++ {
		if raw[i] != '"' {
			continue
		}
		o := raw[i-len("+hh:mm") : i]
		if (o[0] == '+' || o[0] == '-') && o[3] == ':' && digits(o[1:3]) && digits(o[4:6]) && !offsetInRange(o) {
			return true
		}
	}
	return false
}

func digits(b []byte) bool { return '0' <= b[0] && b[0] <= '9' && '0' <= b[1] && b[1] <= '9' }

// offsetInRange reports whether o, "±hh:mm" in digits, is an offset RFC
// 3339 allows.
func offsetInRange(o []byte) bool {
	hh, _ := strconv.Atoi(string(o[1:3]))
	mm, _ := strconv.Atoi(string(o[4:6]))
	return hh <= 23 && mm <= 59
}

func walkOffsets(raw []byte, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		var s string
		if json.Unmarshal(raw, &s) != nil || len(s) < len("+hh:mm") {
			return nil
		}
		if o := []byte(s[len(s)-len("+hh:mm"):]); (o[0] == '+' || o[0] == '-') && !offsetInRange(o) {
			return &offsetError{path: path, value: s}
		}
		if at, err := time.Parse(time.RFC3339Nano, s); err == nil && at.IsZero() {
			return &offsetError{path: path, value: s, zero: true}
		}
	case t.Kind() == reflect.Struct:
		var members map[string]json.RawMessage
		if json.Unmarshal(raw, &members) != nil {
			return nil
		}
		fields := jsonFields(t)
		for _, key := range slices.Sorted(maps.Keys(members)) {
			if ft, ok := fields[key]; ok {
				if err := walkOffsets(members[key], ft, path+"."+key); err != nil {
					return err
				}
			}
		}
	case t.Kind() == reflect.Slice:
		var items []json.RawMessage
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &items) != nil {
			return nil
		}
		for i, item := range items {
			if err := walkOffsets(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	return nil
}
