package format

import (
	"bytes"
	"testing"
)

// The writer copies a store's payloads as they are, trusting them to be
// the canonical JSON signoff wrote. One that is not (a raw control byte in
// a string, bytes that are not UTF-8: a chain recomputed over an edit) is
// refused, and nothing of it reaches the document: an export is read by
// tools and by people's terminals.
func TestTheDocumentWriterRefusesARecordThatIsNotJSON(t *testing.T) {
	for _, c := range []struct{ name, payload string }{
		{"an escape in a string", "{\"note\":\"a\x1b]0;title\x07b\"}"},
		{"a NUL in a string", "{\"note\":\"a\x00b\"}"},
		{"a newline in a string", "{\"note\":\"a\nb\"}"},
		{"bytes that are not UTF-8", "{\"note\":\"a\xff\xfeb\"}"},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			var out bytes.Buffer
			dw, err := NewDocumentWriter(&out, []byte(`{"id":"INC-1"}`))
			if err != nil {
				t.Fatal(err)
			}
			dw.Section("events")
			err = dw.Record([]byte(c.payload))
			dw.Flush()
			if err == nil {
				t.Errorf("Record took %q", c.payload)
			}
			if bytes.Contains(out.Bytes(), []byte("a\x1b")) || bytes.Contains(out.Bytes(), []byte("\x00")) ||
				bytes.Contains(out.Bytes(), []byte("\xff")) || bytes.Contains(out.Bytes(), []byte("a\nb")) {
				t.Errorf("the document holds the raw bytes: %q", out.String())
			}
		})
	}
}
