package format

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A document's shape is judged before its records: a field the document
// does not have, or a newer format, after a record this version refuses,
// is the error named; with neither, the record's own problem is.
func TestTheDocumentsShapeIsJudgedBeforeItsRecords(t *testing.T) {
	doc := indented(t, sampleDoc())
	badRecord := strings.Replace(doc, `"kind": "log",`, `"kind": "log", "shade": 1,`, 1)
	// atEnd is text with field added as its last.
	atEnd := func(text, field string) string {
		return strings.TrimRight(text[:strings.LastIndex(text, "}")], " \n") + ",\n  " + field + "\n}\n"
	}
	noFormat := strings.Replace(badRecord, "  \"format\": \"signoff.incident/v1\",\n", "", 1)
	if noFormat == badRecord {
		t.Fatal("the sample has no format line to move")
	}
	for _, c := range []struct{ name, text, want string }{
		{"a field the document does not have, at its end", atEnd(badRecord, `"colour": 1`), `document: unknown field "colour"`},
		{"a field of the document given twice, at its end", atEnd(badRecord, `"people": []`), `document: field "people" appears twice`},
		{"a newer format, at its end", atEnd(noFormat, `"format": "signoff.incident/v2"`), "written by a newer signoff"},
		{"nothing wrong with the shape", badRecord, `unknown field "shade"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeDocument("sample.json", strings.NewReader(c.text))
			wantError(t, err, model.EINVALID, c.want)
			if IsShape(err) {
				t.Errorf("DecodeDocument's error carries ReadDocument's mark")
			}
		})
	}
}
