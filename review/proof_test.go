package review

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// A screen says "signed" only for a signature that holds as the findings
// judge it: over a statement of the record, by a key the roster lists for
// the person. A forged signature, or a good one by another person's key,
// is broken, with the reason.
func TestProofsSaySignedOnlyForASignatureThatHolds(t *testing.T) {
	alice, dave, mallory := signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t)
	team := rosterOf(t, map[string]ssh.Signer{"alice": alice, "dave": dave})
	const session = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	sign := func(t *testing.T, k ssh.Signer, text string) *model.Signature {
		t.Helper()
		sig, err := signing.Sign(k, text)
		if err != nil {
			t.Fatal(err)
		}
		return &sig
	}
	statement := func(d *model.Event, by string) string {
		return signing.Decision{Incident: "INC-1", Suggestion: d.Suggestion, By: by, Outcome: d.Outcome,
			Action: d.Action, Rationale: d.Rationale, Evidence: d.EvidenceReviewed}.Text()
	}
	// forged is a signature by k over other text, claiming the statement.
	forged := func(t *testing.T, k ssh.Signer, text string) *model.Signature {
		sig := sign(t, k, text+" ")
		sig.Statement = text
		return sig
	}
	cases := []struct {
		name    string
		p       *Policy
		edit    func(t *testing.T, d *model.Event)
		want    []ProofState
		problem string
	}{
		{"nothing proves an unsigned decision made at a terminal", team, func(t *testing.T, d *model.Event) {}, []ProofState{ProofNone}, ""},
		{"a session key is the server's word", team, func(t *testing.T, d *model.Event) { d.SessionKey = session }, []ProofState{ProofLoggedIn}, ""},
		{"the owner's signature by her listed key holds", team, func(t *testing.T, d *model.Event) { d.Signature = sign(t, alice, statement(d, "alice")) },
			[]ProofState{ProofSigned}, ""},
		{"a good signature under a policy with no roster says nothing of whose key", DefaultPolicy(), func(t *testing.T, d *model.Event) {
			d.Signature = sign(t, alice, statement(d, "alice"))
		}, []ProofState{ProofUnlisted}, ""},
		{"a forged signature is broken", team, func(t *testing.T, d *model.Event) { d.Signature = forged(t, alice, statement(d, "alice")) },
			[]ProofState{ProofBroken}, "does not verify over its statement"},
		{"a forged signature is broken under a policy with no roster too", DefaultPolicy(), func(t *testing.T, d *model.Event) {
			d.Signature = forged(t, alice, statement(d, "alice"))
		}, []ProofState{ProofBroken}, "does not verify over its statement"},
		{"a signature over another record is broken", team, func(t *testing.T, d *model.Event) {
			d.Signature = sign(t, alice, statement(d, "alice"))
			d.Rationale = "changed after signing"
		}, []ProofState{ProofBroken}, "rationale differs"},
		{"a good signature by a key the roster does not list for the person is broken", team, func(t *testing.T, d *model.Event) {
			d.Signature = sign(t, mallory, statement(d, "alice"))
		}, []ProofState{ProofBroken}, "is not in allowed_signers"},
		{"each approval is judged on its own", team, func(t *testing.T, d *model.Event) {
			d.Signature = sign(t, alice, statement(d, "alice"))
			d.Approvals = []model.Approval{{By: "dave", At: d.At, Signature: forged(t, dave, statement(d, "dave"))}, {By: "bob", At: d.At, SessionKey: session}}
		}, []ProofState{ProofSigned, ProofBroken, ProofLoggedIn}, "does not verify over its statement"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := cleanDoc()
			d := event(t, &doc, "D1")
			tc.edit(t, d)
			got := tc.p.DecisionProofs("INC-1", d)
			if len(got) != len(tc.want) {
				t.Fatalf("%d proofs; want %d", len(got), len(tc.want))
			}
			for i, pr := range got {
				if pr.State != tc.want[i] {
					t.Errorf("proof %d is %d (%q); want %d", i, pr.State, pr.Problem, tc.want[i])
				}
				if pr.State == ProofBroken && !strings.Contains(pr.Problem, tc.problem) {
					t.Errorf("proof %d: problem %q; want it to say %q", i, pr.Problem, tc.problem)
				}
			}
		})
	}
}

func TestVerdictAndStatusProofsSayBrokenForAForgedSignature(t *testing.T) {
	alice := signingtest.NewSigner(t)
	team := rosterOf(t, map[string]ssh.Signer{"alice": alice, "mara": alice})
	r := model.Review{Subject: "S1", Reviewer: "mara", At: at(60), Verdict: "followed", OutcomeChanged: "no", AICorrect: "yes"}
	c := model.StatusChange{ID: "ST-1", Status: model.StatusOpen, By: "alice", At: at(70), Rationale: "seen again"}
	for _, forge := range []bool{false, true} {
		rs, err := signing.Sign(alice, signing.VerdictOf("INC-1", &r, "").Text())
		if err != nil {
			t.Fatal(err)
		}
		cs, err := signing.Sign(alice, signing.StatusOf("INC-1", &c, "").Text())
		if err != nil {
			t.Fatal(err)
		}
		want := ProofSigned
		if forge {
			// The signature of one record pasted onto another with the
			// same statement text claimed: it does not verify.
			rs.SSHSig, cs.SSHSig = cs.SSHSig, rs.SSHSig
			want = ProofBroken
		}
		r.Signature, c.Signature = &rs, &cs
		if got := team.VerdictProof("INC-1", []model.Review{r}, 0); got.State != want || got.Key != rs.Key {
			t.Errorf("forged %v: the verdict's proof is %+v; want state %d", forge, got, want)
		}
		if got := team.StatusProof("INC-1", []model.StatusChange{c}, 0); got.State != want {
			t.Errorf("forged %v: the status change's proof is %+v; want state %d", forge, got, want)
		}
	}
}
