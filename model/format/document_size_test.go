package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A stream refuses a line over MaxLine, so one record cannot take the
// memory a file of any size could; a document's record is bounded the
// same way, or a 100 MB summary in a .json file would be held (several
// times over) where the same record in a .ndjson file is refused.
func TestADocumentRecordIsBoundedAsAStreamLineIs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds documents of several times MaxLine")
	}
	near := strings.Repeat("x", MaxLine-4096)
	t.Run("two records just under the bound, one after the other, are read", func(t *testing.T) {
		doc := sampleDoc()
		doc.Events[0].Rationale = near
		doc.Events[1].Rationale = near
		if _, err := DecodeDocument("sample.json", strings.NewReader(indented(t, doc))); err != nil {
			t.Fatalf("got %v; want the document read", err)
		}
	})
	t.Run("a record over the bound is refused at its line", func(t *testing.T) {
		doc := sampleDoc()
		doc.Events[1].Rationale = strings.Repeat("x", MaxLine+1)
		text := indented(t, doc)
		line := strings.Count(text[:strings.Index(text, `"id": "D1"`)], "\n")
		err := decodeDoc(t, text)
		wantError(t, err, model.EINVALID, fmt.Sprintf("sample.json line %d", line)+" column 5: the record is longer than 16 MiB")
	})
	t.Run("a top-level value over the bound is refused", func(t *testing.T) {
		text := strings.Replace(indented(t, sampleDoc()), `"format": "signoff.incident/v1"`, `"format": "`+near+near+`"`, 1)
		wantError(t, decodeDoc(t, text), model.EINVALID, "sample.json line 2 column 13: the record is longer than 16 MiB")
	})
}
