package db

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// An incident whose id reads like another's (a U+2010 hyphen, a Cyrillic
// О for a zero) would show as that incident everywhere an id is printed,
// and collect decisions or approvals meant for it. Imports refuse it,
// against the stored incidents and the earlier ones of the same import.
func TestAnIncidentWhoseIDReadsLikeAnotherIsRefused(t *testing.T) {
	const hyphen, cyrillicO = "INC\u20101", "INC-1\u041e"
	const alice = `{"record": "person", "id": "alice", "name": "Alice Moreau", "role": "IR lead", "authority": "high"}` + "\n"
	header := func(id string) string { return incidentLine(t, id) }
	cases := []struct {
		name   string
		stored bool // INC-1 (and INC-10) imported first, as a document
		doc    string
		stream string
		want   string
	}{
		{"a document with a U+2010 hyphen beside a stored INC-1", true, hyphen, "",
			`incident "INC` + "\u2010" + `1" (spelt "INC\u20101") reads like incident "INC-1"`},
		{"a stream with a Cyrillic О beside a stored INC-10", true, "", header(cyrillicO) + alice,
			`reads like incident "INC-10": two incidents must never read as one id`},
		{"a stream whose second incident reads like its first", false, "", header("INC-1") + alice + header(hyphen) + alice,
			`reads like incident "INC-1"`},
		{"a stream that appends to INC-1 and then adds a look-alike", true, "", header("INC-1") + header(hyphen) + alice,
			`reads like incident "INC-1"`},
	}
	eachEngine(t, func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := openTest(t)
				before := 0
				if c.stored {
					importDoc(t, d, sampleDoc())
					ten := sampleDoc()
					ten.Incident.ID = "INC-10"
					importDoc(t, d, ten)
					before = 2
				}
				var err error
				if c.doc != "" {
					doc := sampleDoc()
					doc.Incident.ID = c.doc
					_, err = d.ImportDocument(context.Background(), "alike.json", strings.NewReader(docJSON(t, doc)), "importer")
				} else {
					_, err = importStream(t, d, "alike.ndjson", c.stream)
				}
				if err == nil || model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("got %v, want a refusal mentioning %q", err, c.want)
				}
				if list, err := d.Incidents(context.Background()); err != nil || len(list) != before {
					t.Errorf("the refused import left %d incidents, want %d (%v)", len(list), before, err)
				}
			})
		}
	})
}

// Ids that differ in a digit or a letter that reads differently stay
// apart: the rule must not refuse numbered incidents.
func TestNumberedIncidentsAreNotLookAlikes(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		for _, id := range []string{"INC-1", "INC-10", "INC-2041", "INC-2046", "inc-7b"} {
			doc := sampleDoc()
			doc.Incident.ID = id
			importDoc(t, d, doc)
		}
	})
}

// incidentLine is the stream line of sampleDoc's incident under another id.
func incidentLine(t *testing.T, id string) string {
	t.Helper()
	i := sampleDoc().Incident
	i.ID = id
	b, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	return `{"record": "incident", "format": "signoff.incident/v1", ` + string(b[1:]) + "\n"
}
