package review

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

func TestTheReportShowsTheKeyThatProvesEachPerson(t *testing.T) {
	d := cleanDoc()
	signD1(t, &d)
	d1 := event(t, &d, "D1")
	signedBy := d1.Signature.Key
	session := signing.Fingerprint(signingtest.NewSigner(t).PublicKey())
	d1.Approvals = []model.Approval{{By: "dave", At: at(11), SessionKey: session}}
	d.Reviews = []model.Review{{Subject: "S1", Reviewer: "mara", At: at(60), Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes", SessionKey: session}}
	reopened := signedChange(t, &d, "ST-1")
	d.StatusChanges = []model.StatusChange{reopened, {ID: "ST-2", Status: model.StatusClosed, By: "dave", At: at(80), Rationale: "done", SessionKey: session}}
	mustValid(t, d)
	r := BuildReport(d, DefaultPolicy(), testChain)
	md := r.Markdown()
	for _, want := range []string{
		"| open | Alice Moreau (alice, " + reopened.Signature.Key + ", signed) | seen again | ST-1 |",
		"| closed | Dave Chen (dave, " + session + ", logged in) | done | ST-2 |",
		"**Human decision** D1 at 09:12 by Alice Moreau (alice, " + signedBy + ", signed): approved",
		"- Approved by Dave Chen (dave, " + session + ", logged in) at",
		"| S1 | isolate_host on host-1 | high | Alice Moreau (alice, " + signedBy + ", signed) |",
		"- Recorded: followed by Mara Ilie (mara, " + session + ", logged in) at",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
	var top struct {
		StatusHistory []model.StatusChange `json:"status_history"`
		Steps         []struct {
			Decision model.Event    `json:"decision"`
			Review   map[string]any `json:"review"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(reportJSON(t, r), &top); err != nil {
		t.Fatal(err)
	}
	if h := top.StatusHistory; len(h) != 2 || h[0].Signature == nil || *h[0].Signature != *reopened.Signature || h[1].SessionKey != session {
		t.Errorf("the JSON status history lost what proves it: %+v", h)
	}
	s := top.Steps[0]
	if s.Decision.Signature == nil || s.Decision.Signature.Key != signedBy {
		t.Errorf("the JSON decision lost its signature: %+v", s.Decision.Signature)
	}
	if s.Review["key"] != session || s.Review["signed"] != nil {
		t.Errorf("the JSON review says key %v, signed %v", s.Review["key"], s.Review["signed"])
	}
}
