package format

import (
	"testing"

	"github.com/signoff/signoff/model"
)

// Text after a line's record was refused as "more than one JSON value",
// with no column; a file whose lines end with a carriage return alone
// reads as one line, refused the same way.
func TestTextAfterALinesRecordIsRefusedWhereItStarts(t *testing.T) {
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	note := `{"record": "event", "id": "N1", "at": "2026-03-01T09:30:00Z", "kind": "note", "summary": "s"}`
	cases := []struct{ name, text, want string }{
		{"a second object", note + ` {"x": 1}`,
			"feed.ndjson line 2 column 95: event N1: text after the end of the record; a line holds one record"},
		{"a NUL byte", note + "\x00",
			"feed.ndjson line 2 column 94: event N1: text after the end of the record; a line holds one record"},
		{"the next record after a carriage return", note + "\r" + note,
			"feed.ndjson line 2 column 95: event N1: text after the end of the record; a line holds one record (the file's lines seem to end with a carriage return alone: end them with a newline)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dec := NewStreamDecoder("feed.ndjson")
			if _, err := dec.Decode(1, []byte(header)); err != nil {
				t.Fatal(err)
			}
			_, err := dec.Decode(2, []byte(c.text))
			wantError(t, err, model.EINVALID, c.want)
		})
	}
}
