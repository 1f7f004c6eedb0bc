package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// The first instant of year 1 is Go's zero time, which the checks read as
// a time never given: "0001-01-01T00:00:00Z" was refused as a missing
// field. It is a time outside the range signoff stores, and said so.
func TestTheFirstInstantOfYearOneIsOutsideTheTimesNotMissing(t *testing.T) {
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	for _, at := range []string{"0001-01-01T00:00:00Z", "0001-01-01T01:00:00+01:00", "0000-12-31T23:30:00-00:30"} {
		t.Run(at, func(t *testing.T) {
			want := `event N1: field "at" is "` + at + `", outside the times signoff can store: ` + model.TimeRange
			rec := `{"id": "N1", "at": "` + at + `", "kind": "note", "actor": "alice", "summary": "s"}`

			dec := NewStreamDecoder("feed.ndjson")
			if _, err := dec.Decode(1, []byte(header)); err != nil {
				t.Fatal(err)
			}
			_, err := dec.Decode(2, []byte(`{"record": "event", `+rec[1:]))
			wantError(t, err, model.EINVALID, `feed.ndjson line 2 column 33: `+want)

			doc := strings.Replace(indented(t, sampleDoc()), `"events": [`, `"events": [`+rec+`,`, 1)
			wantError(t, decodeDoc(t, doc), model.EINVALID, `: `+want)
		})
	}
}
