package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// PostgreSQL's text holds no NUL, and its JSON functions, which the
// derived tables read a suggestion's, decision's and review's payload
// with, refuse one anywhere in it: either way the import is refused with
// the sentence that says so, never as an internal error.
func TestAnImportOntoPostgreSQLRefusesANULWithASentence(t *testing.T) {
	cases := map[string]func(d *model.Document){
		"in a note's summary, a row of the timeline": func(d *model.Document) { d.Events[4].Summary = "gist\x00removed" },
		"in a suggestion's rationale":                func(d *model.Document) { d.Events[1].Rationale = "token\x00is live" },
		"in a decision's rationale":                  func(d *model.Document) { d.Events[2].Rationale = "keep\x00sessions" },
		"in a review's note":                         func(d *model.Document) { d.Reviews[0].Note = "sens\x00ible" },
	}
	onlyPostgres(t, func(t *testing.T, _, _ string) {
		for name, edit := range cases {
			t.Run(name, func(t *testing.T) {
				d := openAt(t, freshAddress(t))
				doc := sampleDoc()
				edit(&doc)
				_, err := d.ImportDocument(context.Background(), "sample.json", strings.NewReader(docJSON(t, doc)), "importer")
				wantError(t, err, model.EINVALID, "holds the character U+0000 (NUL), which PostgreSQL cannot store")
			})
		}
	})
}
