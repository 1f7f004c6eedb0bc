package review

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// signedDoc is synthDoc(n) with every decision signed by its owner and
// every verdict by its reviewer, and the policy judging them by a roster
// that lists each key for its person: every signature is checked, and
// every one holds.
func signedDoc(b *testing.B, n int) (model.Document, *Policy) {
	b.Helper()
	d := synthDoc(n)
	keys := map[string]ssh.Signer{}
	var lines strings.Builder
	key := func(person string) ssh.Signer {
		if k, ok := keys[person]; ok {
			return k
		}
		k := signingtest.NewSigner(b)
		keys[person] = k
		lines.WriteString(person + " " + string(ssh.MarshalAuthorizedKey(k.PublicKey())))
		return k
	}
	sign := func(person, text string) *model.Signature {
		sig, err := signing.Sign(key(person), text)
		if err != nil {
			b.Fatal(err)
		}
		return &sig
	}
	for i := range d.Events {
		e := &d.Events[i]
		if e.Kind == model.KindDecision {
			st := signing.Decision{Incident: d.Incident.ID, Suggestion: e.Suggestion, By: e.Owner, Outcome: e.Outcome,
				Action: e.Action, Rationale: e.Rationale, Evidence: e.EvidenceReviewed}
			e.Signature = sign(e.Owner, st.Text())
		}
	}
	var places signing.Places
	for i := range d.Reviews {
		r := &d.Reviews[i]
		after := places.Verdict(d.Incident.ID, r).After
		r.Signature = sign(r.Reviewer, signing.VerdictOf(d.Incident.ID, r, after).Text())
	}
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		b.Fatal(err)
	}
	r, err := signing.ParseRoster([]byte(lines.String()), "allowed_signers")
	if err != nil {
		b.Fatal(err)
	}
	return d, p.WithRoster(r)
}

// BenchmarkFindingsSignedWithRoster is the findings of an incident whose
// every decision and verdict is signed, under a policy naming a roster:
// where the time goes is checking signatures, one SSHSIG check each.
func BenchmarkFindingsSignedWithRoster(b *testing.B) {
	d, p := signedDoc(b, 4000)
	for _, f := range Findings(d, p) {
		if f.Code == CodeSignatureMismatch {
			b.Fatalf("a signature does not hold: %s", f.Message)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		Findings(d, p)
	}
}

// BenchmarkStatusProof is judging one signed status change by a roster,
// as the exports do for each signed record they call signed: one SSHSIG
// check and a roster look-up.
func BenchmarkStatusProof(b *testing.B) {
	k := signingtest.NewSigner(b)
	c := model.StatusChange{ID: "ST-1", Status: model.StatusClosed, By: "alice", At: at(70), Rationale: "done"}
	sig, err := signing.Sign(k, signing.StatusOf("INC-1", &c, "").Text())
	if err != nil {
		b.Fatal(err)
	}
	c.Signature = &sig
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		b.Fatal(err)
	}
	r, err := signing.ParseRoster([]byte("alice "+string(ssh.MarshalAuthorizedKey(k.PublicKey()))), "allowed_signers")
	if err != nil {
		b.Fatal(err)
	}
	p = p.WithRoster(r)
	if pr := p.StatusProof("INC-1", []model.StatusChange{c}, 0); pr.State != ProofSigned {
		b.Fatalf("the change is not signed: %+v", pr)
	}
	for b.Loop() {
		p.StatusProof("INC-1", []model.StatusChange{c}, 0)
	}
}
