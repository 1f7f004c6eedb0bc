package format

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

var jsonTextCases = []string{
	"", "plain text", `quote " and \ backslash`, "<script>&amp;</script>",
	"\x00\x01\b\f\n\r\t\x1f\x7f", "é 漢字 🙂", "bad \xff\xfe utf-8", "\xe2\x80",
	"line\u2028para\u2029end", "\u202e bidi \u200b zero-width", "\x1b]0;title\x07",
	strings.Repeat("a", 100) + "\"",
}

func TestAppendStringEscapesAsEncodingJSON(t *testing.T) {
	for _, s := range jsonTextCases {
		want, _ := json.Marshal(s)
		if got := AppendString(nil, s); string(got) != string(want) {
			t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}

// keptHTML is what json.Encoder with SetEscapeHTML(false) writes for v,
// without its final newline.
func keptHTML(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

func TestAppendStringKeepHTMLEscapesAsAnEncoderThatKeepsHTML(t *testing.T) {
	for _, s := range jsonTextCases {
		if got, want := AppendStringKeepHTML(nil, s), keptHTML(s); string(got) != want {
			t.Errorf("AppendStringKeepHTML(%q) = %s, want %s", s, got, want)
		}
	}
}

var floatCases = []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 0.86, 0.1 + 0.2, 1e-6, 9.99e-7, 1e-7, 1.5e-10,
	1e20, 1e21, 123456789e13, -2.5e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 100, 1e-5}

func TestAppendFloatWritesWhatEncodingJSONWrites(t *testing.T) {
	for _, f := range floatCases {
		want, _ := json.Marshal(f)
		got, err := AppendFloat(nil, f)
		if err != nil || string(got) != string(want) {
			t.Errorf("AppendFloat(%v) = %s, %v; want %s", f, got, err, want)
		}
	}
	for _, f := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		if _, err := AppendFloat(nil, f); err == nil {
			t.Errorf("AppendFloat(%v) wrote a number; JSON has none for it", f)
		}
	}
}

func FuzzAppendFloat(f *testing.F) {
	for _, c := range floatCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c float64) {
		want, werr := json.Marshal(c)
		got, err := AppendFloat(nil, c)
		if (werr != nil) != (err != nil) || (err == nil && string(got) != string(want)) {
			t.Fatalf("AppendFloat(%v) = %s, %v; want %s, %v", c, got, err, want, werr)
		}
	})
}

func FuzzAppendString(f *testing.F) {
	for _, s := range jsonTextCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString([]byte("x"), s); string(got[1:]) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got[1:], want)
		}
		if got, want := AppendStringKeepHTML(nil, s), keptHTML(s); string(got) != want {
			t.Fatalf("AppendStringKeepHTML(%q) = %s, want %s", s, got, want)
		}
	})
}
