package format

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var indentCases = []string{
	`{}`, `[]`, `{"a":{}}`, `{"a":[]}`, `[[],{},[{}]]`, `{"a":1,"b":[1,2,{"c":null}],"d":"x"}`,
	`"just a string"`, `12.5e-3`, `true`, `{"q":"a \" quote, a \\\\ and \\\\\" [ { , :"}`,
	`{"deep":` + strings.Repeat(`[`, 40) + strings.Repeat(`]`, 40) + `}`, `{"u":"\u2028 é 漢字"}`,
	// Strings read eight bytes at a time: stops on and across the edges.
	`["1234567","12345678","123456789\"","1234567\\","12345678\\\"x","\\\\\\\\\\\\\\\\"]`,
	`{"k":"` + strings.Repeat(`abcdef\\`, 9) + `","l":"` + strings.Repeat("é", 13) + `\"` + `"}`,
}

// Input appendIndented leaves to json.Indent.
var notCompactCases = []string{
	`{ "a": 1 }`, "{\"a\":\n1}", `{"a":1`, `{"a":[1}`, `{"a":"open}`, `]`, `{"a":1}}`, `[1,2`, "\t1",
	"[\"12345678\x01\"]", "[\"1234567\\\x1f\"]", "[\"123456789012\\", "[\"12345678\\\"]", "[\"ab\x7f\x00\"]",
}

func TestAppendIndentedWritesWhatJSONIndentWrites(t *testing.T) {
	cases := append([]string{}, indentCases...)
	whole, _ := json.Marshal(sampleDoc())
	cases = append(cases, string(whole))
	files, _ := filepath.Glob("../../fixtures/incidents/*.json") // the bundled incidents
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c bytes.Buffer
		if json.Compact(&c, b) == nil {
			cases = append(cases, c.String())
		}
	}
	if len(files) == 0 {
		t.Fatal("no bundled incidents to indent")
	}
	for _, c := range cases {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(c), "    ", "  "); err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		got, ok := appendIndented([]byte("x"), []byte(c), "    ")
		if !ok || string(got[1:]) != want.String() {
			t.Errorf("appendIndented(%s) = %q, %v; want %q", c, got[1:], ok, want.String())
		}
	}
}

func TestAppendIndentedLeavesWhatIsNotCompactJSONToJSONIndent(t *testing.T) {
	for _, c := range notCompactCases {
		if got, ok := appendIndented([]byte("x"), []byte(c), "  "); ok || string(got) != "x" {
			t.Errorf("appendIndented(%q) = %q, %v; want it left alone", c, got, ok)
		}
	}
}

func FuzzAppendIndented(f *testing.F) {
	for _, c := range append(indentCases, notCompactCases...) {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := appendIndented(nil, []byte(s), "  ")
		var want bytes.Buffer
		err := json.Indent(&want, []byte(s), "  ", "  ")
		if ok && err == nil && !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendIndented(%q) = %q; json.Indent wrote %q", s, got, want.Bytes())
		}
		if json.Valid([]byte(s)) {
			var c bytes.Buffer
			json.Compact(&c, []byte(s))
			want.Reset()
			json.Indent(&want, c.Bytes(), "  ", "  ")
			if got, ok := appendIndented(nil, c.Bytes(), "  "); !ok || !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("appendIndented(%q) = %q, %v; json.Indent wrote %q", c.Bytes(), got, ok, want.Bytes())
			}
		}
	})
}
