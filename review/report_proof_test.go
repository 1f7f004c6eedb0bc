package review

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

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
	// The default policy names no roster: a signature that holds says
	// nothing of whose key made it.
	const holds = ", signature holds; no roster names whose key)"
	for _, want := range []string{
		"| open | Alice Moreau (alice, " + reopened.Signature.Key + holds + " | seen again | ST-1 |",
		"| closed | Dave Chen (dave, " + session + ", logged in) | done | ST-2 |",
		"**Human decision** D1 at 09:12 by Alice Moreau (alice, " + signedBy + holds + ": approved",
		"- Approved by Dave Chen (dave, " + session + ", logged in) at",
		"| S1 | isolate_host on host-1 | high | Alice Moreau (alice, " + signedBy + holds + " |",
		"- Recorded: followed by Mara Ilie (mara, " + session + ", logged in) at",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
	// With a roster that lists each signing key for its person, they are
	// signed.
	var lines string
	for _, sig := range []*model.Signature{d1.Signature, reopened.Signature} {
		k, err := signing.Check(sig)
		if err != nil {
			t.Fatal(err)
		}
		lines += "alice " + string(ssh.MarshalAuthorizedKey(k))
	}
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	roster, err := signing.ParseRoster([]byte(lines), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	smd := BuildReport(d, p.WithRoster(roster), testChain).Markdown()
	for _, want := range []string{
		"| open | Alice Moreau (alice, " + reopened.Signature.Key + ", signed) | seen again | ST-1 |",
		"**Human decision** D1 at 09:12 by Alice Moreau (alice, " + signedBy + ", signed): approved",
	} {
		if !strings.Contains(smd, want) {
			t.Errorf("with the roster, the report does not show %q", want)
		}
	}
	// A signature that does not say what its record says is never
	// "signed": the report marks it, as the signature-mismatch finding
	// does.
	forged := d
	forged.Events = append([]model.Event{}, d.Events...)
	event(t, &forged, "D1").Rationale = "changed after signing"
	forged.StatusChanges = append([]model.StatusChange{}, d.StatusChanges...)
	forged.StatusChanges[0].Rationale = "changed after signing"
	fmd := BuildReport(forged, DefaultPolicy(), testChain).Markdown()
	for _, want := range []string{
		"| open | Alice Moreau (alice, " + reopened.Signature.Key + ", ⚠ signature does not verify) | changed after signing | ST-1 |",
		"**Human decision** D1 at 09:12 by Alice Moreau (alice, " + signedBy + ", ⚠ signature does not verify): approved",
	} {
		if !strings.Contains(fmd, want) {
			t.Errorf("the report of forged signatures does not show %q", want)
		}
	}
	if strings.Contains(fmd, "signed)") || strings.Contains(fmd, "signature holds") {
		t.Error("the report of forged signatures calls one signed")
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

// TestTheJSONReportSaysSignedOnlyOfASignatureThatHolds holds the JSON
// report's verdicts to the Markdown's word: "signed" only for a signature
// that verifies by a key the roster lists for the reviewer, and
// signature_check says what checking any other found.
func TestTheJSONReportSaysSignedOnlyOfASignatureThatHolds(t *testing.T) {
	maraKey, otherKey := signingtest.NewSigner(t), signingtest.NewSigner(t)
	verdict := func(t *testing.T, k ssh.Signer, note string) model.Document {
		t.Helper()
		d := cleanDoc()
		r := model.Review{Subject: "S1", Reviewer: "mara", At: at(60), Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes", Note: "checked"}
		sig, err := signing.Sign(k, signing.VerdictOf(d.Incident.ID, &r, "").Text())
		if err != nil {
			t.Fatal(err)
		}
		r.Signature, r.Note = &sig, note
		d.Reviews = []model.Review{r}
		mustValid(t, d)
		return d
	}
	team := func(t *testing.T, k ssh.Signer) *Policy {
		t.Helper()
		p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
		if err != nil {
			t.Fatal(err)
		}
		roster, err := signing.ParseRoster([]byte("mara "+string(ssh.MarshalAuthorizedKey(k.PublicKey()))), "allowed_signers")
		if err != nil {
			t.Fatal(err)
		}
		return p.WithRoster(roster)
	}
	cases := []struct {
		name   string
		doc    model.Document
		policy *Policy
		signed bool
		check  model.SignatureCheck
		md     string
	}{
		{"a verdict signed by the key the roster lists for its reviewer is signed", verdict(t, maraKey, "checked"), team(t, maraKey),
			true, model.SignatureVerified, ", signed)"},
		{"a verdict signed by a key the roster does not list for its reviewer is not", verdict(t, otherKey, "checked"), team(t, maraKey),
			false, model.SignatureDoesNotVerify, ", ⚠ signature does not verify)"},
		{"a verdict changed after signing is not signed", verdict(t, maraKey, "changed after signing"), team(t, maraKey),
			false, model.SignatureDoesNotVerify, ", ⚠ signature does not verify)"},
		{"a verdict changed after signing under a policy naming no roster is not signed", verdict(t, maraKey, "changed after signing"), DefaultPolicy(),
			false, model.SignatureDoesNotVerify, ", ⚠ signature does not verify)"},
		{"a signature that holds under a policy naming no roster is not signed: nothing checked whose key", verdict(t, otherKey, "checked"), DefaultPolicy(),
			false, model.SignatureKeyNotChecked, ", signature holds; no roster names whose key)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			steps := Steps(tc.doc)
			var js bytes.Buffer
			j := NewReportJSON(&js, tc.doc.WalkStart(), tc.policy)
			for i := range steps {
				if err := j.Step(&steps[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := j.Close(testChain); err != nil {
				t.Fatal(err)
			}
			var top struct {
				Steps []struct {
					Review  map[string]any   `json:"review"`
					History []map[string]any `json:"history"`
				} `json:"steps"`
			}
			if err := json.Unmarshal(js.Bytes(), &top); err != nil {
				t.Fatal(err)
			}
			var signedWant any
			if tc.signed {
				signedWant = true
			}
			s := top.Steps[0]
			for _, rv := range []map[string]any{s.Review, s.History[0]} {
				if rv["signed"] != signedWant || rv["signature_check"] != string(tc.check) {
					t.Errorf("the JSON verdict says signed %v, signature_check %v; want %v, %q", rv["signed"], rv["signature_check"], signedWant, tc.check)
				}
			}
			if md := BuildReport(tc.doc, tc.policy, testChain).Markdown(); !strings.Contains(md, "- Recorded: followed by Mara Ilie (mara, "+tc.doc.Reviews[0].Signature.Key+tc.md) {
				t.Errorf("the Markdown does not say %q of the verdict", tc.md)
			}
		})
	}
}
