package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A .json document is held to the whole rule for ids that read alike, not
// only to the letter-case part model's own check can tell without
// Unicode's data: the pairs below pass model.Document.Validate.
func TestADocumentWhoseIDsReadAlikeIsRefused(t *testing.T) {
	person := func(id string) model.Person { return model.Person{ID: id, Name: "X", Authority: model.AuthorityHigh} }
	cases := []struct {
		name string
		add  func(d *model.Document)
		want string
	}{
		{"a person in NFD beside the same name in NFC", func(d *model.Document) {
			d.People = append(d.People, person("jos\u00e9"), person("jose\u0301"))
		}, `person "jose` + "\u0301" + `" (spelt "jose\u0301") reads like person "jos` + "\u00e9" + `"`},
		{"a person with a Cyrillic а beside alice", func(d *model.Document) { d.People = append(d.People, person("\u0430lice")) },
			`reads like person "alice": two people must never read as one name`},
		{"rn beside m", func(d *model.Document) { d.People = append(d.People, person("amie"), person("arnie")) },
			`person "arnie" reads like person "amie"`},
		{"an agent in fullwidth letters beside a person", func(d *model.Document) {
			d.Agents = append(d.Agents, model.Agent{ID: "\uff41lice", Name: "X", Role: model.RoleTriage})
		}, `reads like person "alice": a person and an agent must never read as one name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := sampleDoc()
			c.add(&doc)
			if err := doc.Validate(); err != nil {
				t.Fatalf("model's own check refused it already (%v); the case tests nothing of the store", err)
			}
			d := openTest(t)
			_, err := d.ImportDocument(context.Background(), "alike.json", strings.NewReader(docJSON(t, doc)), "importer")
			if err == nil || model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want a refusal mentioning %q", err, c.want)
			}
			if list, err := d.Incidents(context.Background()); err != nil || len(list) != 0 {
				t.Errorf("the refused document left %d incidents (%v)", len(list), err)
			}
		})
	}
}
