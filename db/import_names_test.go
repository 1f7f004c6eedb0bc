package db

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// The reports and screens lead with a party's display name ("Dave Okafor
// (mallory)"), so a person named like another person, an agent named like
// a person, or a party named like another's id ("alice") would pass one
// for the other: a hostile review's reproductions, refused like ids that
// read alike (db/alike), whichever comes first and whether the other is in
// the file or already stored, on both engines.
func TestPeopleAndAgentsWhoseNamesReadAlikeAreRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		cases := []struct {
			name, file, text, want string
		}{
			{"a person named like a stored person", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "mallory", "name": "Alice Moreau", "role": "IR lead", "authority": "high"}` + "\n",
				`more.ndjson line 2: person "mallory", named "Alice Moreau", a name that reads like the name of person "alice", named "Alice Moreau": the reports and screens lead with the name, and two people must never pass for one another; give them names that tell them apart`},
			{"an agent named like a stored person", "more.ndjson",
				sampleHeader(t, "") + `{"record": "agent", "id": "helper", "name": "ALICE  MOREAU", "role": "triage"}` + "\n",
				`more.ndjson line 2: agent "helper", named "ALICE  MOREAU", a name that reads like the name of person "alice", named "Alice Moreau": the reports and screens lead with the name, and a person and an agent must never pass for one another`},
			{"a person named like a stored agent, in Cyrillic letters", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "rem", "name": "Remedi\u0430tion \u0430ssist\u0430nt", "authority": "high"}` + "\n",
				`more.ndjson line 2: person "rem", named "Remediаtion аssistаnt" (spelt "Remedi\u0430tion \u0430ssist\u0430nt"), a name that reads like the name of agent "remediator", named "Remediation assistant"`},
			{"an agent named like a stored person's id", "more.ndjson",
				sampleHeader(t, "") + `{"record": "agent", "id": "helper", "name": "alice", "role": "triage"}` + "\n",
				`more.ndjson line 2: agent "helper", named "alice", a name that reads like the id of person "alice", named "Alice Moreau"`},
			{"a person whose id reads like a stored agent's name", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "remediation_assistant", "name": "Rem Ash", "authority": "high"}` + "\n",
				`more.ndjson line 2: person "remediation_assistant", named "Rem Ash", has an id that reads like the name of agent "remediator", named "Remediation assistant"`},
			{"a person named like a person earlier in the stream", "feed.ndjson",
				strings.Replace(feed, `"role": "triage"}`+"\n", `"role": "triage"}`+"\n"+`{"record": "person", "id": "mallory", "name": "Bob Ngata", "authority": "high"}`+"\n", 1),
				`feed.ndjson line 5: person "mallory", named "Bob Ngata", a name that reads like the name of person "bob", named "Bob Ngata"`},
			{"a person whose id an agent earlier in the stream is named", "feed.ndjson",
				strings.Replace(feed, `{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}`,
					`{"record": "agent", "id": "helper", "name": "B0B", "role": "triage"}`+"\n"+`{"record": "person", "id": "bob", "name": "Bob Ngata", "authority": "high"}`, 1),
				`feed.ndjson line 3: person "bob", named "Bob Ngata", has an id that reads like the name of agent "helper", named "B0B"`},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused", func(t *testing.T) { wantStreamRefused(t, c.file, c.text, model.EINVALID, c.want) })
		}
		t.Run("a document naming an agent like its person is refused whole", func(t *testing.T) {
			doc := sampleDoc()
			doc.Agents = append(doc.Agents, model.Agent{ID: "assistant", Name: "Mara Quist", Role: model.RoleTriage})
			if err := doc.Validate(); err != nil {
				t.Fatalf("model's own check refused it already (%v); the case tests nothing of the store", err)
			}
			d := openTest(t)
			_, err := d.ImportDocument(t.Context(), "sample.json", strings.NewReader(docJSON(t, doc)), "importer")
			wantError(t, err, model.EINVALID, `agent "assistant", named "Mara Quist", a name that reads like the name of person "mara", named "Mara Quist"`)
			if n := stateOf(t, d).entries; n != 0 {
				t.Errorf("the refused document left %d chain entries", n)
			}
		})
		t.Run("parties with names that tell them apart are appended", func(t *testing.T) {
			d := openTest(t)
			importDoc(t, d, sampleDoc())
			more := sampleHeader(t, "") +
				`{"record": "person", "id": "alicia", "name": "Alicia Moreau", "authority": "high"}` + "\n" +
				`{"record": "agent", "id": "alice-bot", "name": "Alice's triage bot", "role": "triage"}` + "\n" +
				`{"record": "person", "id": "amoreau", "name": "amoreau", "authority": "low"}` + "\n"
			if _, err := importStream(t, d, "more.ndjson", more); err != nil {
				t.Fatal(err)
			}
		})
	})
}
