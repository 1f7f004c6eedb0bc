package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// Go's time parser takes +24:00 as an offset of a whole day and +01:60 as
// +02:00; RFC 3339 allows hours 00–23 and minutes 00–59. Such a time is
// refused, on a stream's line and in a document alike, with one sentence
// naming the field and the value.
func TestAnOffsetRFC3339DoesNotAllowIsRefusedOnEveryPath(t *testing.T) {
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	cases := []struct {
		name, at, want string
	}{
		{"an offset of twenty-four hours", "2026-03-01T09:30:00+24:00",
			`event N1: field "at" is "2026-03-01T09:30:00+24:00": RFC 3339 allows offsets from -23:59 to +23:59, not +24:00`},
		{"a negative offset of twenty-four hours", "2026-03-01T09:30:00-24:00",
			`event N1: field "at" is "2026-03-01T09:30:00-24:00": RFC 3339 allows offsets from -23:59 to +23:59, not -24:00`},
		{"sixty minutes", "2026-03-01T09:30:00.5+01:60",
			`event N1: field "at" is "2026-03-01T09:30:00.5+01:60": RFC 3339 allows offsets from -23:59 to +23:59, not +01:60`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := `{"id": "N1", "at": "` + c.at + `", "kind": "note", "actor": "alice", "summary": "s"}`

			dec := NewStreamDecoder("feed.ndjson")
			if _, err := dec.Decode(1, []byte(header)); err != nil {
				t.Fatal(err)
			}
			_, err := dec.Decode(2, []byte(`{"record": "event", `+rec[1:]))
			wantError(t, err, model.EINVALID, `feed.ndjson line 2 column 33: `+c.want)

			doc := strings.Replace(indented(t, sampleDoc()), `"events": [`, `"events": [`+rec+`,`, 1)
			wantError(t, decodeDoc(t, doc), model.EINVALID, `: `+c.want)
		})
	}
}

func TestAnOffsetInsideARecordIsRefusedNamingWhereItIs(t *testing.T) {
	doc := strings.Replace(indented(t, sampleDoc()), `"evidence_reviewed": [`,
		`"approvals": [{"by": "alice", "at": "2026-03-01T09:03:00Z"}, {"by": "alice", "at": "2026-03-01T09:04:00+24:00"}], "evidence_reviewed": [`, 1)
	wantError(t, decodeDoc(t, doc), model.EINVALID,
		`event D1: field "approvals[1].at" is "2026-03-01T09:04:00+24:00": RFC 3339 allows offsets from -23:59 to +23:59, not +24:00`)
}

func TestTheLastOffsetsRFC3339AllowsAreTaken(t *testing.T) {
	for _, at := range []string{"2026-03-01T09:30:00+23:59", "2026-03-01T09:30:00-23:59", "2026-03-01T09:30:00+00:00"} {
		doc := strings.Replace(indented(t, sampleDoc()), `"events": [`,
			`"events": [{"id": "N1", "at": "`+at+`", "kind": "note", "actor": "alice", "summary": "the offset +24:00"},`, 1)
		if err := decodeDoc(t, doc); err != nil {
			t.Errorf("%s: %v", at, err)
		}
	}
}
