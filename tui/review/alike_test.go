package review

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// A person or asset whose id reads like another's in the same incident
// (stored before such ids were refused) is marked where the step pane
// names it, with its spelling, or "alice" and "аlice" would read as one.
func TestTheStepPaneMarksIDsThatReadAlike(t *testing.T) {
	const twin, twinAsset = "\u0430lice", "depl\u043ey-bot"
	r := testRoster()
	r.People = append(r.People, model.Person{ID: twin, Name: "Alice Moreau", Authority: "high"})
	r.Assets = append(r.Assets, model.Asset{ID: twinAsset, Kind: "service_account"})
	r.Alike = model.LookAlikes{Who: model.Twins{"alice": "alice", twin: "alice"},
		Assets: model.Twins{"deploy-bot": "deploy-bot", twinAsset: "deploy-bot"}}
	s := testStep()
	s.Decisions[0].Approvals = []model.Approval{{By: twin, At: t0.Add(6 * 60e9)}}
	wants := []string{
		`Alice Moreau (alice, IR lead) ⚠ id alice reads like \u0430lice`,
		`Alice Moreau (аlice) ⚠ id \u0430lice reads like alice`,
		`⚠ id deploy-bot reads like depl\u043ey-bot`,
	}
	narrow := detailContent(plainStyles(), 100, fieldCap, &detailMsg{rowID: "S1", step: s}, newRosterIndex(r), rules.DefaultPolicy())
	flat := strings.Join(strings.Fields(narrow), " ")
	// The wide pane sets the suggestion beside the decision: its cells are
	// read whole, before they wrap.
	var wide []string
	for _, row := range compareRows(&page{st: plainStyles(), width: common.Wide, cap: fieldCap}, s, newRosterIndex(r), rules.DefaultPolicy()) {
		wide = append(wide, string(row.ai), string(row.human))
	}
	wide = append(wide, evidenceColumn(&page{st: plainStyles(), width: common.Wide, cap: fieldCap}, s, newRosterIndex(r), 200)...)
	wants = append(wants, `log on deploy-bot ⚠ id deploy-bot reads like depl\u043ey-bot`)
	for _, want := range wants {
		if !strings.Contains(flat, want) {
			t.Errorf("the narrow step pane lacks %q:\n%s", want, narrow)
		}
		if !strings.Contains(strings.Join(wide, "\n"), want) {
			t.Errorf("the wide step pane lacks %q:\n%s", want, strings.Join(wide, "\n"))
		}
	}
	plain := detailContent(plainStyles(), 100, fieldCap, &detailMsg{rowID: "S1", step: testStep()}, newRosterIndex(testRoster()), rules.DefaultPolicy())
	if strings.Contains(plain, "⚠ id") {
		t.Errorf("an incident with no look-alikes is marked:\n%s", plain)
	}
}
