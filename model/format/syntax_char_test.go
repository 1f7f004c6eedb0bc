package format

import (
	"testing"

	"github.com/signoff/signoff/model"
)

// encoding/json names a character it did not expect by its first byte
// read as Latin-1: a byte order mark, which editors put at the start of a
// file, showed as 'ï', and a no-break space as 'Â'. The sentence names the
// character the bytes spell, and says what to do about a byte order mark.
func TestASyntaxErrorNamesTheCharacterTheBytesSpell(t *testing.T) {
	header := line(t, IncidentLine{Record: RecordIncident, Format: model.FormatV1, Incident: sampleDoc().Incident})
	cases := []struct {
		name, text, want string
	}{
		{"a byte order mark", "\ufeff" + header,
			"feed.ndjson line 1 column 1: not valid JSON: invalid character U+FEFF looking for beginning of value (a byte order mark: save the file as UTF-8 without one)"},
		{"a no-break space", "\u00a0" + header,
			"feed.ndjson line 1 column 1: not valid JSON: invalid character U+00A0 looking for beginning of value"},
		{"a character after a value", header[:len(header)-1] + "\u2028}",
			"not valid JSON: invalid character U+2028 after object key:value pair"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewStreamDecoder("feed.ndjson").Decode(1, []byte(c.text))
			wantError(t, err, model.EINVALID, c.want)
		})
	}
	t.Run("a document with a byte order mark", func(t *testing.T) {
		err := decodeDoc(t, "\ufeff"+indented(t, sampleDoc()))
		wantError(t, err, model.EINVALID, "sample.json line 1 column 1: not valid JSON: invalid character U+FEFF looking for beginning of value (a byte order mark")
	})
}
