package db

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// A derived row pointed at an intact entry of another kind (the agent
// remediator's row at a person's entry) read as that entry, decoded as an
// agent: findings and the Timesketch export judged a roster that was not
// the record's, and said nothing. The read leaves it out and does not
// verify; the store's reads say which entry, and more than one in words.
func TestAReadOfARowPointedAtAnEntryOfAnotherKindDoesNotVerify(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(),
			"UPDATE agents SET seq = (SELECT seq FROM chain WHERE kind = 'person' AND subject = 'mara') WHERE id = 'remediator'",
			"UPDATE assets SET seq = (SELECT seq FROM chain WHERE kind = 'person' AND subject = 'alice') WHERE id = 'deploy-bot'")
		r, err := d.Roster(context.Background(), "INC-1")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range r.Agents {
			if a.ID == "mara" {
				t.Error("the person mara was read as an agent")
			}
		}
		got := d.ReadFault()
		if !strings.Contains(got, `a row of assets points at it, but it is an entry of kind "person"`) ||
			!strings.Contains(got, "(and 1 more entry that does not verify was read)") {
			t.Errorf("the store's reads say %q", got)
		}
	})
}

// A person's row pointed at another person's intact entry (mara's at
// alice's) read as that person: mara's decision was judged on alice's
// authority, and recorded. A read by id must find the entry of that id.
func TestADecisionByAPersonWhoseRowPointsAtAnotherIsRefused(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		doc.Incident.Status, doc.Incident.ClosedAt = model.StatusOpen, nil
		importDoc(t, d, doc)
		// The people table's key is its seq: mara's row takes alice's
		// once alice's row has made room.
		tamper(t, d.Address(),
			"DELETE FROM people WHERE id = 'alice'",
			"UPDATE people SET seq = (SELECT seq FROM chain WHERE kind = 'person' AND subject = 'alice') WHERE id = 'mara'")
		before := stateOf(t, d)
		_, err := d.Decide(context.Background(), model.DecideRequest{Incident: "INC-1", Suggestion: "S2", Person: "mara",
			Outcome: model.OutcomeApproved, Rationale: "r"}, rules)
		if model.ErrorCode(err) != model.ETAMPERED || !strings.Contains(err.Error(), `the row of "mara" points at it, but it is the entry of "alice"`) {
			t.Errorf("mara's decision through alice's entry: %v", err)
		}
		if after := stateOf(t, d); after != before {
			t.Error("the decision was recorded")
		}
	})
}
