package db

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// Ids that read alike (db/alike: letter case, NFC beside NFD, Latin
// look-alikes from other scripts) show one name on every screen and
// report: a person "Triage" beside the agent "triage" passes a human's
// decision off as the AI's, and a person "аlice" (Cyrillic а) beside
// "alice" lets one human give both approvals of a critical action. Any
// two of an incident's people and agents are refused, whichever comes
// first and whether the other is in the file or already stored.
func TestPeopleAndAgentsWhoseIDsReadAlikeAreRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		personLine := `{"record": "person", "id": "Triage", "name": "Tia Rage", "authority": "high"}`
		cases := []struct {
			name, file, text, want string
		}{
			{"a person after an agent of the stream", "feed.ndjson",
				strings.Replace(feed, `"role": "triage"}`+"\n", `"role": "triage"}`+"\n"+personLine+"\n", 1),
				`feed.ndjson line 5: person "Triage" reads like agent "triage": a person and an agent must never read as one name`},
			{"an agent after a person of the stream", "feed.ndjson",
				strings.Replace(feed, `{"record": "person", "id": "bob"`, personLine+"\n"+`{"record": "person", "id": "bob"`, 1),
				`feed.ndjson line 5: agent "triage" reads like person "Triage"`},
			{"a person after a person of the stream", "feed.ndjson",
				strings.Replace(feed, `"role": "triage"}`+"\n", `"role": "triage"}`+"\n"+`{"record": "person", "id": "b0b", "name": "Bob", "authority": "high"}`+"\n", 1),
				`feed.ndjson line 5: person "b0b" reads like person "bob": two people must never read as one name`},
			{"an agent appended beside a stored person", "more.ndjson",
				sampleHeader(t, "") + `{"record": "agent", "id": "ALICE", "name": "Another assistant", "role": "triage"}` + "\n",
				`more.ndjson line 2: agent "ALICE" reads like person "alice"`},
			{"a person appended beside a stored agent", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "Remediator", "name": "Rem", "authority": "high"}` + "\n",
				`more.ndjson line 2: person "Remediator" reads like agent "remediator"`},
			{"a person with a Cyrillic letter appended beside a stored person", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "\u0430lice", "name": "Alice Moreau", "authority": "high"}` + "\n",
				`more.ndjson line 2: person "аlice" (spelt "\u0430lice") reads like person "alice": two people must never read as one name; if both are one person, use one id for both`},
			{"an agent appended beside a stored agent", "more.ndjson",
				sampleHeader(t, "") + `{"record": "agent", "id": "rernediator", "name": "R", "role": "triage"}` + "\n",
				`more.ndjson line 2: agent "rernediator" reads like agent "remediator": two agents must never read as one name`},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused", func(t *testing.T) { wantStreamRefused(t, c.file, c.text, model.EINVALID, c.want) })
		}
		t.Run("a person in NFD appended beside a stored person in NFC is refused", func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			if _, err := importStream(t, d, "jose.ndjson", sampleHeader(t, "")+`{"record": "person", "id": "jos\u00e9", "name": "José", "authority": "high"}`+"\n"); err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, d)
			_, err := importStream(t, d, "again.ndjson", sampleHeader(t, "")+`{"record": "person", "id": "jose\u0301", "name": "José", "authority": "high"}`+"\n")
			wantError(t, err, model.EINVALID, "again.ndjson line 2: person \"jose\u0301\" (spelt \"jose\\u0301\") reads like person \"jos\u00e9\" (spelt \"jos\\u00e9\")")
			if after := stateOf(t, d); after != before {
				t.Errorf("the refused import changed the database: %+v -> %+v", before, after)
			}
		})
		t.Run("a person whose id reads differently is appended", func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			if _, err := importStream(t, d, "more.ndjson", sampleHeader(t, "")+`{"record": "person", "id": "alicia", "name": "Alicia", "authority": "high"}`+"\n"); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("a document's person beside its agent is refused", func(t *testing.T) {
			doc := sampleDoc()
			doc.People = append(doc.People, model.Person{ID: "Remediator", Name: "Rem", Authority: model.AuthorityHigh})
			d := openTest(t)
			_, err := d.ImportDocument(t.Context(), "sample.json", strings.NewReader(docJSON(t, doc)), "importer")
			wantError(t, err, model.EINVALID, `agent "remediator" reads like person "Remediator"`)
			if n := stateOf(t, d).entries; n != 0 {
				t.Errorf("the refused document left %d chain entries", n)
			}
		})
	})
}
