package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// encoding/json reads an escaped half of a UTF-16 surrogate pair ("\ud800"
// alone) as U+FFFD: the record would be stored as something its author did
// not write, which signoff refuses for a byte that is not UTF-8 too. A whole
// pair is a character and is read as one.
func TestAnEscapedHalfSurrogateIsRefusedWhereItStands(t *testing.T) {
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	note := `{"record": "event", "id": "N1", "at": "2026-03-01T09:02:00Z", "kind": "note", "actor": "alice", "summary": "SUMMARY"}`
	cases := []struct {
		name, summary, want string
	}{
		{"a high half alone", `x\ud800`, `feed.ndjson line 2 column 110: event N1: \ud800 is half of a UTF-16 surrogate pair`},
		{"a low half alone", `\uDC00`, `feed.ndjson line 2 column 109: event N1: \uDC00 is half of a UTF-16 surrogate pair`},
		{"a high half before a character", `\ud83dx`, `column 109: event N1: \ud83d is half`},
		{"two high halves", `\ud83d\ud83d\ude00`, `column 109: event N1: \ud83d is half`},
		{"a high half after an escaped backslash", `\\\ud800`, `column 111: event N1: \ud800 is half`},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			dec := NewStreamDecoder("feed.ndjson")
			if _, err := dec.Decode(1, []byte(header)); err != nil {
				t.Fatal(err)
			}
			_, err := dec.Decode(2, []byte(strings.Replace(note, "SUMMARY", c.summary, 1)))
			wantError(t, err, model.EINVALID, c.want)
		})
	}
	t.Run("a whole pair is read as its character", func(t *testing.T) {
		dec := NewStreamDecoder("feed.ndjson")
		if _, err := dec.Decode(1, []byte(header)); err != nil {
			t.Fatal(err)
		}
		v, err := dec.Decode(2, []byte(strings.Replace(note, "SUMMARY", `\\ud800 \ud83d\ude00`, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got := v.(*model.Event).Summary; got != `\ud800 😀` {
			t.Errorf("summary %q; want %q", got, `\ud800 😀`)
		}
	})
	t.Run("a document refuses it as a stream does", func(t *testing.T) {
		text := strings.Replace(indented(t, sampleDoc()), `"rationale": "r"`, `"rationale": "r\udfff"`, 1)
		wantError(t, decodeDoc(t, text), model.EINVALID, `sample.json line 64 column 22: event D1: \udfff is half of a UTF-16 surrogate pair`)
	})
}
