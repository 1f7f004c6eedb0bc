package review

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// findingsWith judges doc's steps with a roster that says which ids read
// alike, as the store's roster does.
func findingsWith(doc model.Document, alike model.LookAlikes) []Finding {
	r := model.Roster{People: doc.People, Agents: doc.Agents, Assets: doc.Assets, Alike: alike}
	var out []Finding
	for _, s := range Steps(doc) {
		out = append(out, StepFindings(s, r, DefaultPolicy())...)
	}
	return out
}

func TestIDsThatReadAlikeAreNamedInTheFindingsTheyChange(t *testing.T) {
	const twin = "\u0430lice" // Cyrillic а
	withTwin := func(d *model.Document) {
		d.People = append(d.People, model.Person{ID: twin, Name: "Alice Moreau", Authority: model.AuthorityHigh})
	}
	for _, c := range []struct {
		name    string
		edit    func(d *model.Document)
		alike   model.LookAlikes
		code    string
		subject string
		want    string // in the message; "" wants no such finding
	}{
		{"a critical action approved by a person and her look-alike has one approval",
			func(d *model.Document) {
				withTwin(d)
				event(t, d, "S1").Action.Type = "delete_resource"
				dec := event(t, d, "D1")
				dec.Action.Type = "delete_resource"
				dec.Approvals = []model.Approval{{By: twin, At: at(13)}}
			},
			model.LookAlikes{Who: model.Twins{"alice": "alice", twin: "alice"}},
			CodeMissingApproval, "D1", `only 1 (alice): "аlice" (spelt "\u0430lice") reads like alice and counts as the same person`},
		{"the same approval by two people whose ids differ is enough",
			func(d *model.Document) {
				withTwin(d)
				event(t, d, "S1").Action.Type = "delete_resource"
				dec := event(t, d, "D1")
				dec.Action.Type = "delete_resource"
				dec.Approvals = []model.Approval{{By: twin, At: at(13)}}
			},
			model.LookAlikes{}, CodeMissingApproval, "D1", ""},
		{"a verdict by a look-alike of the owner is a self-review",
			func(d *model.Document) {
				withTwin(d)
				d.Reviews = []model.Review{{Subject: "S1", Reviewer: twin, At: at(30), Verdict: model.VerdictFollowed}}
			},
			model.LookAlikes{Who: model.Twins{"alice": "alice", twin: "alice"}},
			CodeSelfReview, "S1", `"аlice" (spelt "\u0430lice"), who reads like alice, the owner of D1, recorded followed`},
		{"evidence for an asset's look-alike is said not to count for it",
			func(d *model.Document) {
				d.Assets = append(d.Assets, model.Asset{ID: "h\u043est-1", Kind: "host"})
				event(t, d, "S1").Action.Target = "h\u043est-1"
				event(t, d, "D1").Action.Target = "h\u043est-1"
			},
			model.LookAlikes{Assets: model.Twins{"host-1": "host-1", "h\u043est-1": "host-1"}},
			CodeEvidenceAfterAction, "X1", `"hоst-1" (spelt "h\u043est-1") reads like asset host-1, another asset`},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := cleanDoc()
			c.edit(&doc)
			var got *Finding
			fs := findingsWith(doc, c.alike)
			for i := range fs {
				if fs[i].Code == c.code && fs[i].Subject == c.subject {
					got = &fs[i]
				}
			}
			switch {
			case c.want == "" && got != nil:
				t.Fatalf("unexpected %s: %s", c.code, got.Message)
			case c.want != "" && got == nil:
				t.Fatalf("no %s on %s: %+v", c.code, c.subject, fs)
			case c.want != "" && !strings.Contains(got.Message, c.want):
				t.Fatalf("%s says %q, which lacks %q", c.code, got.Message, c.want)
			}
		})
	}
}

// The report names a person with the id they are recorded by; where that
// id reads like another person's, it says so, or "Alice Moreau (alice)"
// and "Alice Moreau (аlice)" read as one person approving twice.
func TestTheReportSaysWhichPeopleReadAlike(t *testing.T) {
	const twin = "\u0430lice"
	doc := cleanDoc()
	doc.People = append(doc.People, model.Person{ID: twin, Name: "Alice Moreau", Authority: model.AuthorityHigh})
	event(t, &doc, "D1").Approvals = []model.Approval{{By: twin, At: at(13)}}
	ws := doc.WalkStart()
	ws.Roster.Alike = model.LookAlikes{Who: model.Twins{"alice": "alice", twin: "alice"}}
	b := NewReportBuilder(ws, DefaultPolicy())
	for _, s := range Steps(doc) {
		b.r.Steps = append(b.r.Steps, b.Step(&s))
	}
	md := b.Report(ChainStatus{}).Markdown()
	for _, want := range []string{
		`Approved by Alice Moreau (аlice, spelt \\u0430lice, which reads like alice) at 09:13`,
		`by Alice Moreau (alice, which reads like аlice, spelt \\u0430lice)`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}
