package format

import (
	"strings"
	"testing"
)

// An incident document given where a record stream is read (on standard
// input) is named as a document, with the way to import it: it was
// refused as "not valid JSON: unexpected end of JSON input".
func TestADocumentGivenAsAStreamIsNamedAsOne(t *testing.T) {
	for _, c := range []struct{ name, first string }{
		{"indented", "{"},
		{"indented, with spaces", "  {  "},
		{"on one line", `{"format": "signoff.incident/v1", "incident": {"id": "INC-1"}, "people": []}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewStreamDecoder("standard input").Decode(1, []byte(c.first))
			msg := err.Error()
			if !strings.Contains(msg, "incident document") || !strings.Contains(msg, "signoff import FILE.json") {
				t.Errorf("%q", msg)
			}
		})
	}
	// A broken record stays a broken record.
	_, err := NewStreamDecoder("feed.ndjson").Decode(1, []byte(`{"record": "incident", "id":`))
	if msg := err.Error(); !strings.Contains(msg, "not valid JSON") || strings.Contains(msg, "document") {
		t.Errorf("a broken record: %q", msg)
	}
}
