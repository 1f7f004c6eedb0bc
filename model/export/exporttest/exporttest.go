// Package exporttest holds what the tests of the export mappings share:
// the reflection encoder the hand-written ones must match, and values of
// their line types with every field filled in many ways.
package exporttest

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Reflect is what the exports wrote before they had their own encoders:
// json.Encoder with SetEscapeHTML(false), one line per value.
func Reflect(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	return b.Bytes(), err
}

// Hostile are strings whose JSON escaping is easy to get wrong.
var Hostile = []string{
	"", "plain", `quote " and \ backslash`, "<script>&amp;</script>", "\x00\x01\b\f\n\r\t\x1f\x7f",
	"é 漢字 🙂", "bad \xff\xfe utf-8", "\xe2\x80", "cut \xf0\x9f\x99", "line\u2028para\u2029end",
	"\u202e bidi \u200b zero-width \ufeff", "\x1b]0;title\x07\x1b[31m", "\U000e0041 tag", "\u0085 NEL \u009b CSI",
	strings.Repeat("long ", 60) + "\"",
}

var floats = []float64{0, 1, 0.86, 0.1 + 0.2, 1e-7, 1e21, -2.5e-300, 100, 0.999999}

var zones = []*time.Location{time.UTC, time.FixedZone("", 5*3600+30*60), time.FixedZone("", -8*3600)}

// Fill sets v (a pointer) to a value drawn from r: each string one of
// Hostile, each number, pointer, list and time present or absent at
// random, nested values filled the same way, so every field of a type,
// and every omitempty, is written sooner or later.
func Fill(v any, r *rand.Rand) {
	fill(reflect.ValueOf(v).Elem(), r)
}

var timeType = reflect.TypeFor[time.Time]()

func fill(v reflect.Value, r *rand.Rand) {
	if v.Type() == timeType {
		year := 1999 + r.IntN(40)
		if r.IntN(50) == 0 {
			year = 10000 // no RFC 3339 form: both encoders must refuse it
		}
		t := time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(3)*r.IntN(1e9), zones[r.IntN(len(zones))])
		v.Set(reflect.ValueOf(t))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(Hostile[r.IntN(len(Hostile))])
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 1, -1, 2004, math.MaxInt64, 1764547200123456}[r.IntN(6)])
	case reflect.Float64:
		v.SetFloat(floats[r.IntN(len(floats))])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Pointer:
		if r.IntN(4) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), r)
		}
	case reflect.Slice:
		switch n := r.IntN(4); n {
		case 0: // nil
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				fill(v.Index(i), r)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() && r.IntN(5) > 0 {
				fill(v.Field(i), r)
			}
		}
	default:
		panic("exporttest: no filler for " + v.Type().String())
	}
}

// MatchesReflection fills n values of T at random (the first left at its
// zero value) and fails t at the first whose appendJSON bytes, or whose
// refusal, differ from encoding/json's.
func MatchesReflection[T any](t *testing.T, n int, appendJSON func(*T) ([]byte, error)) {
	t.Helper()
	r := rand.New(rand.NewPCG(16, 5))
	for i := range n {
		var v T
		if i > 0 {
			Fill(&v, r)
		}
		want, werr := Reflect(&v)
		got, err := appendJSON(&v)
		if (err != nil) != (werr != nil) || (err == nil && !bytes.Equal(got, want)) {
			t.Fatalf("value %d:\n got %s (%v)\nwant %s (%v)", i, got, err, want, werr)
		}
	}
}
