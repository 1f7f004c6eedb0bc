package format

import (
	"encoding/json"
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

func FuzzAppendString(f *testing.F) {
	for _, s := range jsonTextCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := AppendString([]byte("x"), s); string(got[1:]) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got[1:], want)
		}
	})
}
