package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A file written by a newer signoff must be refused with a sentence that
// says so, not only with what this signoff cannot read in it.
func TestAFileFromANewerSignoffIsRefusedSayingSo(t *testing.T) {
	const newer = "written by a newer signoff"
	doc := indented(t, sampleDoc())
	v2 := strings.Replace(doc, model.FormatV1, "signoff.incident/v2", 1)
	docCases := []struct{ name, text, want string }{
		{"a newer format version", v2, newer},
		{"a newer format version with a field this one does not know",
			strings.Replace(v2, `"kind": "log",`, `"kind": "log", "colour": 1,`, 1), newer},
		{"a field this one does not know in a document of its version",
			strings.Replace(doc, `"kind": "log",`, `"kind": "log", "colour": 1,`, 1), `unknown field "colour"`},
		{"an unknown field says a newer signoff may have written it",
			strings.Replace(doc, `"kind": "log",`, `"kind": "log", "colour": 1,`, 1), "newer signoff"},
		{"an unknown list says a newer signoff may have written it",
			strings.Replace(doc, `"format": "signoff.incident/v1",`, `"format": "signoff.incident/v1", "handoffs": [],`, 1), "newer signoff"},
	}
	for _, c := range docCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeDocument("sample.json", strings.NewReader(c.text))
			wantError(t, err, model.EINVALID, c.want)
		})
	}

	t.Run("a format that is not signoff's is not called newer", func(t *testing.T) {
		_, err := DecodeDocument("sample.json", strings.NewReader(strings.Replace(doc, model.FormatV1, "ocsf/1.8.0", 1)))
		wantError(t, err, model.EINVALID, `expected "signoff.incident/v1"`)
		if strings.Contains(err.Error(), "newer") {
			t.Errorf("got %v; a foreign format is not a newer one", err)
		}
	})

	header := line(t, IncidentLine{Record: RecordIncident, Format: "signoff.incident/v2", Incident: sampleDoc().Incident})
	streamCases := []struct {
		name  string
		lines []string
	}{
		{"a stream of a newer format version", []string{header}},
		{"a stream of a newer version whose incident has a new field",
			[]string{strings.Replace(header, `"id":`, `"priority": "p1", "id":`, 1)}},
		{"a record type this one does not know",
			[]string{strings.Replace(header, "signoff.incident/v2", model.FormatV1, 1), `{"record": "handoff", "note": "x"}`}},
	}
	for _, c := range streamCases {
		t.Run(c.name, func(t *testing.T) {
			dec := NewStreamDecoder("feed.ndjson")
			var err error
			for i, l := range c.lines {
				if _, err = dec.Decode(i+1, []byte(l)); err != nil {
					break
				}
			}
			wantError(t, err, model.EINVALID, "newer signoff")
		})
	}
}
