package db

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A person and an agent whose ids differ only in letter case read as one
// name on every screen and report: a decision owned by the person
// "Triage" beside the agent "triage" looks like the AI's, and one owned by
// an agent "Alice" like a human's, while the ai-approver finding, which
// compares ids exactly, says nothing. Both are refused, whichever comes
// first and whether the other is in the file or already stored.
func TestAPersonAndAnAgentMayNotDifferOnlyInLetterCase(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		personLine := `{"record": "person", "id": "Triage", "name": "Tia Rage", "authority": "high"}`
		cases := []struct {
			name, file, text, want string
		}{
			{"a person after an agent of the stream", "feed.ndjson",
				strings.Replace(feed, `"role": "triage"}`+"\n", `"role": "triage"}`+"\n"+personLine+"\n", 1),
				"feed.ndjson line 5: person Triage: the id differs from agent triage only in letter case"},
			{"an agent after a person of the stream", "feed.ndjson",
				strings.Replace(feed, `{"record": "person", "id": "bob"`, personLine+"\n"+`{"record": "person", "id": "bob"`, 1),
				"feed.ndjson line 5: agent triage: the id differs from person Triage only in letter case"},
			{"an agent appended beside a stored person", "more.ndjson",
				sampleHeader(t, "") + `{"record": "agent", "id": "ALICE", "name": "Another assistant", "role": "triage"}` + "\n",
				"more.ndjson line 2: agent ALICE: the id differs from person alice only in letter case"},
			{"a person appended beside a stored agent", "more.ndjson",
				sampleHeader(t, "") + `{"record": "person", "id": "Remediator", "name": "Rem", "authority": "high"}` + "\n",
				"more.ndjson line 2: person Remediator: the id differs from agent remediator only in letter case"},
		}
		for _, c := range cases {
			t.Run(c.name+" is refused", func(t *testing.T) { wantStreamRefused(t, c.file, c.text, model.EINVALID, c.want) })
		}
		t.Run("a document's person beside its agent is refused", func(t *testing.T) {
			doc := sampleDoc()
			doc.People = append(doc.People, model.Person{ID: "Remediator", Name: "Rem", Authority: model.AuthorityHigh})
			d := openTest(t)
			_, err := d.ImportDocument(t.Context(), "sample.json", strings.NewReader(docJSON(t, doc)), "importer")
			wantError(t, err, model.EINVALID, "agent remediator: the id differs from person Remediator only in letter case")
			if n := stateOf(t, d).entries; n != 0 {
				t.Errorf("the refused document left %d chain entries", n)
			}
		})
	})
}
