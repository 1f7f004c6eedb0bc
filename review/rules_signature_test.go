package review

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// signD1 signs D1 of cleanDoc as its owner would have.
func signD1(t *testing.T, d *model.Document) {
	t.Helper()
	d1 := event(t, d, "D1")
	st := signing.Decision{Incident: d.Incident.ID, Suggestion: d1.Suggestion, By: d1.Owner, Outcome: d1.Outcome,
		Action: d1.Action, Rationale: d1.Rationale, Evidence: d1.EvidenceReviewed}
	sig, err := signing.Sign(signingtest.NewSigner(t), st.Text())
	if err != nil {
		t.Fatal(err)
	}
	d1.Signature = &sig
}

// signedChange is alice reopening cleanDoc's incident, signed by her.
func signedChange(t *testing.T, d *model.Document, id string) model.StatusChange {
	t.Helper()
	c := model.StatusChange{ID: id, Status: model.StatusOpen, By: "alice", At: at(70), Rationale: "seen again"}
	sig, err := signing.Sign(signingtest.NewSigner(t), signing.StatusOf(d.Incident.ID, &c, "").Text())
	if err != nil {
		t.Fatal(err)
	}
	c.Signature = &sig
	return c
}

func TestSignatureFindings(t *testing.T) {
	review := model.Review{Subject: "S1", Reviewer: "mara", At: at(60), Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes"}
	cases := []struct {
		name    string
		signing bool // the policy requires signatures at high and critical
		edit    func(t *testing.T, d *model.Document)
		code    string
		want    []string
	}{
		{"an unsigned high decision under a policy that wants it signed", true, func(t *testing.T, d *model.Document) {}, CodeUnsignedDecision, []string{"D1"}},
		{"an unsigned high decision under the default policy", false, func(t *testing.T, d *model.Document) {}, CodeUnsignedDecision, nil},
		{"a signed high decision under a policy that wants it signed", true, signD1, CodeUnsignedDecision, nil},
		{"a signed decision with an unsigned second approver", true, func(t *testing.T, d *model.Document) {
			signD1(t, d)
			event(t, d, "D1").Approvals = []model.Approval{{By: "dave", At: at(11)}}
		}, CodeUnsignedDecision, []string{"D1"}},
		{"a signed decision whose rationale was changed afterwards", false, func(t *testing.T, d *model.Document) {
			signD1(t, d)
			event(t, d, "D1").Rationale = "nothing to see"
		}, CodeSignatureMismatch, []string{"D1"}},
		{"a signed decision as signed", false, signD1, CodeSignatureMismatch, nil},
		{"a verdict whose note was changed after signing", false, func(t *testing.T, d *model.Document) {
			r := review
			sig, err := signing.Sign(signingtest.NewSigner(t), signing.VerdictOf(d.Incident.ID, &r, "").Text())
			if err != nil {
				t.Fatal(err)
			}
			r.Signature, r.Note = &sig, "added later"
			d.Reviews = []model.Review{r}
		}, CodeSignatureMismatch, []string{"S1"}},
		{"a status change whose rationale was changed after signing", false, func(t *testing.T, d *model.Document) {
			d.StatusChanges = []model.StatusChange{signedChange(t, d, "ST-1"), signedChange(t, d, "ST-2")}
			d.StatusChanges[1].Rationale = "nothing to see"
		}, CodeSignatureMismatch, []string{"ST-2"}},
		{"a status change signed as recorded", false, func(t *testing.T, d *model.Document) {
			d.StatusChanges = []model.StatusChange{signedChange(t, d, "ST-1")}
		}, CodeSignatureMismatch, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cleanDoc()
			tc.edit(t, &d)
			mustValid(t, d)
			p := DefaultPolicy()
			if tc.signing {
				p = signingPolicy(t)
			}
			var got []string
			for _, f := range Findings(d, p) {
				if f.Level != specLevels[f.Code] {
					t.Errorf("finding %s has level %s", f.Code, f.Level)
				}
				if f.Code == tc.code {
					got = append(got, f.Subject)
					if !strings.Contains(f.Message, f.Subject) && !strings.Contains(f.Message, "verdict by mara") {
						t.Errorf("message %q does not name what it is about", f.Message)
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s findings on %v, want %v", tc.code, got, tc.want)
			}
		})
	}
}

// A policy naming a roster holds each signature to it, as verify
// --signers does: a key the roster does not list for the person who
// signed proves nothing, so the gate does not act on such a decision.
func TestARosterInThePolicyMakesAnotherPersonsKeyAMismatch(t *testing.T) {
	owner, other := signingtest.NewSigner(t), signingtest.NewSigner(t)
	roster := func(t *testing.T, lines string) *Policy {
		t.Helper()
		p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
		if err != nil {
			t.Fatal(err)
		}
		r, err := signing.ParseRoster([]byte(lines), "allowed_signers")
		if err != nil {
			t.Fatal(err)
		}
		return p.WithRoster(r)
	}
	line := func(person string, k interface{ PublicKey() ssh.PublicKey }) string {
		return person + " " + string(ssh.MarshalAuthorizedKey(k.PublicKey()))
	}
	cases := []struct {
		name string
		p    *Policy
		want []string
	}{
		{"no roster: any key", DefaultPolicy(), nil},
		{"the key is the owner's", roster(t, line("alice", owner)+line("mallory", other)), nil},
		{"the key is another person's", roster(t, line("alice", other)+line("mallory", owner)), []string{"D1"}},
		{"the key is in no line", roster(t, line("alice", other)), []string{"D1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := cleanDoc()
			d1 := event(t, &d, "D1")
			st := signing.Decision{Incident: d.Incident.ID, Suggestion: d1.Suggestion, By: d1.Owner, Outcome: d1.Outcome,
				Action: d1.Action, Rationale: d1.Rationale, Evidence: d1.EvidenceReviewed}
			sig, err := signing.Sign(owner, st.Text())
			if err != nil {
				t.Fatal(err)
			}
			d1.Signature = &sig
			mustValid(t, d)
			r := model.Roster{People: d.People, Agents: d.Agents, Assets: d.Assets}
			var got []string
			for _, s := range Steps(d) {
				for _, f := range Unfit(s, r, tc.p, event(t, &d, "D1")) {
					if f.Code == CodeSignatureMismatch {
						got = append(got, f.Subject)
					}
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("signature-mismatch on %v; want %v", got, tc.want)
			}
		})
	}
}
