package model

import (
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Every record signoff stores is written twice: as the canonical JSON its
// audit-chain entry hashes, and as the columns of its row. JSON can only
// spell valid UTF-8 (encoding/json turns a stray byte into U+FFFD), so a
// string with a bad byte would be stored one way in the row and another
// in the entry, and the record would never verify again. Text is
// therefore refused, naming the field, before anything is written: the
// record is never quietly changed into something its author did not type.

// badText reports the first string of v (a pointer to a record) that is
// not valid UTF-8, as an EINVALID sentence about what.
func badText(what string, v any) error {
	rv := reflect.ValueOf(v).Elem()
	if path, b, ok := firstBadText(rv, textPlan(rv.Type())); !ok {
		return invalid("%s: field %q is not valid UTF-8 (byte 0x%02X); signoff stores text as UTF-8 only, so fix the encoding and try again", what, path, b)
	}
	return nil
}

// A textPlan lists where a struct keeps its strings, found once per type.
type textField struct {
	index int
	name  string // as the format spells it
	kind  reflect.Kind
	elem  *[]textField // the plan of a struct, or of a list's structs
}

var textPlans sync.Map // reflect.Type -> *[]textField

func textPlan(t reflect.Type) *[]textField {
	if p, ok := textPlans.Load(t); ok {
		return p.(*[]textField)
	}
	plan := &[]textField{}
	textPlans.Store(t, plan) // a type that refers to itself finds its plan
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		tf := textField{index: i, name: name, kind: ft.Kind()}
		switch {
		case ft.Kind() == reflect.String:
		case ft.Kind() == reflect.Struct && ft != reflect.TypeOf(time.Time{}):
			tf.elem = textPlan(ft)
			if f.Anonymous {
				tf.name = ""
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String:
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			tf.elem = textPlan(ft.Elem())
		default:
			continue
		}
		*plan = append(*plan, tf)
	}
	return plan
}

// firstBadText walks v along its plan; it returns the field's path and the
// first bad byte, and ok false, at the first string that is not UTF-8.
func firstBadText(v reflect.Value, plan *[]textField) (string, byte, bool) {
	for _, f := range *plan {
		fv := v.Field(f.index)
		for fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				break
			}
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Pointer {
			continue
		}
		switch fv.Kind() {
		case reflect.String:
			if b, ok := validText(fv.String()); !ok {
				return f.name, b, false
			}
		case reflect.Struct:
			if path, b, ok := firstBadText(fv, f.elem); !ok {
				return join(f.name, path), b, false
			}
		case reflect.Slice:
			for i := 0; i < fv.Len(); i++ {
				ev := fv.Index(i)
				if ev.Kind() == reflect.String {
					if b, ok := validText(ev.String()); !ok {
						return f.name, b, false
					}
					continue
				}
				if path, b, ok := firstBadText(ev, f.elem); !ok {
					return join(f.name, path), b, false
				}
			}
		}
	}
	return "", 0, true
}

func join(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

// validText reports whether s is valid UTF-8, and else its first bad byte.
func validText(s string) (byte, bool) {
	if utf8.ValidString(s) {
		return 0, true
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return s[i], false
		}
		i += size
	}
	return 0, true
}

// CheckText refuses text that is not valid UTF-8, naming what it is (a
// flag, a person's name): text that never reaches a record's fields, such
// as the acting person's name, passes the same rule.
func CheckText(what, s string) error {
	if b, ok := validText(s); !ok {
		return invalid("%s is not valid UTF-8 (byte 0x%02X); signoff stores text as UTF-8 only, so fix the encoding and try again", what, b)
	}
	return nil
}

// quoteRunes is how much of a refused value an error message shows.
const quoteRunes = 80

// Quote shows a value in an error message: quoted as Go quotes it (so
// control characters and bad bytes are visible), and cut to about eighty
// characters with an ellipsis, so a megabyte-long value does not become a
// megabyte-long sentence.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= quoteRunes && len(s) <= 4*quoteRunes {
		return strconv.Quote(s)
	}
	n, cut := 0, len(s)
	for i := range s {
		if n == quoteRunes-3 || i >= 4*quoteRunes {
			cut = i
			break
		}
		n++
	}
	return strconv.Quote(s[:cut]) + "…"
}

// The times signoff stores: every time of every record, decision and
// verdict must fall in this range, because the store keeps times as int64
// Unix nanoseconds, exact and ordered. Outside it a record is refused,
// naming the field, never clamped.
var (
	EarliestTime = time.Unix(0, math.MinInt64).UTC() // 1677-09-21T00:12:43.145224192Z
	LatestTime   = time.Unix(0, math.MaxInt64).UTC() // 2262-04-11T23:47:16.854775807Z
)

// TimeInRange reports whether t is a time signoff can store.
func TimeInRange(t time.Time) bool { return !t.Before(EarliestTime) && !t.After(LatestTime) }

// TimeRange is the range of TimeInRange in words, for error messages.
const TimeRange = "between 1677-09-21 and 2262-04-11 (UTC)"

// checkTime refuses a time outside the range signoff stores, written to
// the nanosecond: one just past the end must not read as inside it.
func checkTime(what, field string, t time.Time) error {
	if !TimeInRange(t) {
		return invalid("%s: field %q is %s, outside the times signoff can store: %s", what, field, t.UTC().Format(time.RFC3339Nano), TimeRange)
	}
	return nil
}

func checkTimePtr(what, field string, t *time.Time) error {
	if t == nil {
		return nil
	}
	return checkTime(what, field, *t)
}

// Blank reports whether s shows nothing a person could read: only spaces,
// control characters, invisible text (Invisible: zero-width, bidi and
// joiner marks, fillers, variation selectors) and the braille blank. A
// rationale or note made of those is as empty as one never written,
// however many bytes it has.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) && !Invisible(r) && r != '\u2800' {
			return false
		}
	}
	return true
}
