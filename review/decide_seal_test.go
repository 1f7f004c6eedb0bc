package review

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// signed signs the statement of s's request as the person would.
func signed(t *testing.T, k ssh.Signer, s model.DecisionState) model.DecisionState {
	t.Helper()
	st := DecisionStatement(s.Incident.ID, &s.Suggestion, s.FirstApproval, s.Request)
	sig, err := signing.Sign(k, st.Text())
	if err != nil {
		t.Fatal(err)
	}
	s.Request.Signature = &sig
	return s
}

func signingPolicy(t *testing.T) *Policy {
	t.Helper()
	p, err := LoadPolicy(strings.NewReader(defaultPolicyTOML+"\n"), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	p.signed = []model.Tier{model.TierHigh, model.TierCritical}
	return p
}

func TestAPolicyRequiringSignaturesRefusesAnUnsignedDecisionSayingHowToSign(t *testing.T) {
	p := signingPolicy(t)
	s := decideState("revoke_token", "tok-1", "alice", model.OutcomeApproved)
	_, err := CheckDecision(DecisionInput{DecisionState: s, Policy: p})
	if model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("got %v, want a refusal", err)
	}
	for _, want := range []string{"S1 of INC-9 is a high action", "policy team.toml requires decisions at that tier to be signed", "--sign-key PATH", "ssh -A"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
	if _, err := CheckDecision(DecisionInput{DecisionState: signed(t, signingtest.NewSigner(t), s), Policy: p}); err != nil {
		t.Errorf("a signed decision was refused: %v", err)
	}
	low := decideState("block_ip", "ip-1", "tomas", model.OutcomeRejected)
	if _, err := CheckDecision(DecisionInput{DecisionState: low, Policy: p}); err != nil {
		t.Errorf("an unsigned medium decision was refused under a policy that signs high and critical: %v", err)
	}
}

func TestASignedDecisionIsRecordedWithItsSignatureAndSessionKey(t *testing.T) {
	k := signingtest.NewSigner(t)
	s := signed(t, k, decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved))
	s.Request.SessionKey = signing.Fingerprint(k.PublicKey())
	plan, err := check(s)
	if err != nil {
		t.Fatal(err)
	}
	d := plan.Decision
	if d.Signature == nil || d.Signature.Key != signing.Fingerprint(k.PublicKey()) || d.SessionKey != s.Request.SessionKey {
		t.Fatalf("decision recorded with signature %+v and session key %q", d.Signature, d.SessionKey)
	}
	if err := signing.DecisionRecord("INC-9", d); err != nil {
		t.Errorf("the recorded decision does not check: %v", err)
	}
}

func TestASignatureOverAnotherDecisionIsRefused(t *testing.T) {
	k := signingtest.NewSigner(t)
	cases := []struct {
		name   string
		change func(s *model.DecisionState)
	}{
		{"a signature of another rationale", func(s *model.DecisionState) { s.Request.Rationale = "changed after signing" }},
		{"a signature by someone else", func(s *model.DecisionState) { s.Request.Person, s.Person = "dave", decidePeople()["dave"] }},
		{"a signature of an approval used to reject", func(s *model.DecisionState) { s.Request.Outcome = model.OutcomeRejected }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := signed(t, k, decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved))
			s.Request.Person, s.Person = "alice", decidePeople()["alice"]
			s = signed(t, k, s)
			c.change(&s)
			_, err := check(s)
			if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "does not prove the decision as it would be recorded") {
				t.Fatalf("got %v", err)
			}
		})
	}
}

func TestTheFirstApproversSignatureTravelsWithTheFinalDecision(t *testing.T) {
	first, second := signingtest.NewSigner(t), signingtest.NewSigner(t)
	s := signed(t, first, decideState("wipe_host", "h-1", "alice", model.OutcomeApproved))
	plan, err := check(s)
	if err != nil || plan.FirstApproval == nil || plan.FirstApproval.Signature == nil {
		t.Fatalf("first approval: %+v, %v", plan.FirstApproval, err)
	}
	s2 := decideState("wipe_host", "h-1", "dave", model.OutcomeApproved)
	s2.FirstApproval = plan.FirstApproval
	s2.Request.Evidence = []string{"EV-2"}
	s2 = signed(t, second, s2)
	plan2, err := check(s2)
	if err != nil {
		t.Fatal(err)
	}
	d := plan2.Decision
	if len(d.Approvals) != 2 || d.Approvals[0].Signature == nil || d.Approvals[0].Signature.Key != signing.Fingerprint(first.PublicKey()) {
		t.Fatalf("approvals %+v", d.Approvals)
	}
	if err := signing.DecisionRecord("INC-9", d); err != nil {
		t.Errorf("the two-person decision does not check: %v", err)
	}
}

func TestTheOwnersOwnApprovalCarriesTheirSessionKey(t *testing.T) {
	first, second := signing.Fingerprint(signingtest.NewSigner(t).PublicKey()), signing.Fingerprint(signingtest.NewSigner(t).PublicKey())
	s := decideState("wipe_host", "h-1", "alice", model.OutcomeApproved)
	s.Request.SessionKey = first
	plan, err := check(s)
	if err != nil || plan.FirstApproval.SessionKey != first {
		t.Fatalf("first approval %+v, %v", plan.FirstApproval, err)
	}
	s2 := decideState("wipe_host", "h-1", "dave", model.OutcomeApproved)
	s2.FirstApproval, s2.Request.SessionKey = plan.FirstApproval, second
	plan2, err := check(s2)
	if err != nil {
		t.Fatal(err)
	}
	ap := plan2.Decision.Approvals
	if plan2.Decision.SessionKey != second || ap[0].SessionKey != first || ap[1].By != "dave" || ap[1].SessionKey != second {
		t.Errorf("decision key %q, approvals %+v", plan2.Decision.SessionKey, ap)
	}
}

// rosterOf is the default policy judging signatures by a roster listing
// each key for its person.
func rosterOf(t *testing.T, keys map[string]ssh.Signer) *Policy {
	t.Helper()
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	var lines string
	for person, k := range keys {
		lines += person + " " + string(ssh.MarshalAuthorizedKey(k.PublicKey()))
	}
	r, err := signing.ParseRoster([]byte(lines), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	return p.WithRoster(r)
}

// A first approval signed before the roster was named, with a key that is
// not its approver's, would make the final decision one the gate does not
// run; the second approver is told so, and may still reject.
func TestASecondApprovalCarryingAFirstSignedWithAnotherPersonsKeyIsRefused(t *testing.T) {
	alice, dave, mallory := signingtest.NewSigner(t), signingtest.NewSigner(t), signingtest.NewSigner(t)
	s := signed(t, mallory, decideState("wipe_host", "h-1", "alice", model.OutcomeApproved))
	plan, err := check(s)
	if err != nil || plan.FirstApproval == nil {
		t.Fatalf("first approval without a roster: %+v, %v", plan.FirstApproval, err)
	}
	p := rosterOf(t, map[string]ssh.Signer{"alice": alice, "dave": dave, "mallory": mallory})
	for _, c := range []struct {
		name    string
		outcome model.Outcome
		refused bool
	}{
		{"dave approving is refused", model.OutcomeApproved, true},
		{"dave rejecting is recorded", model.OutcomeRejected, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s2 := decideState("wipe_host", "h-1", "dave", c.outcome)
			s2.FirstApproval = plan.FirstApproval
			s2 = signed(t, dave, s2)
			_, err := CheckDecision(DecisionInput{DecisionState: s2, Policy: p})
			if !c.refused {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			want := "the first approval of S1 of INC-9 by alice cannot count: key " + signing.Fingerprint(mallory.PublicKey()) + " is listed in allowed_signers for mallory, not for alice"
			if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "reject S1") {
				t.Fatalf("got %v; want a refusal saying %q", err, want)
			}
		})
	}
}

// A policy loaded without the roster it names proves no signature: a
// caller that forgot to read the file fails closed, not open.
func TestAPolicyWhoseRosterWasNotReadAcceptsNoSignature(t *testing.T) {
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := signed(t, signingtest.NewSigner(t), decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved))
	_, err = CheckDecision(DecisionInput{DecisionState: s, Policy: p})
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), "policy team.toml names the roster allowed_signers, which was not read") {
		t.Fatalf("got %v; want a refusal", err)
	}
	if _, err := CheckDecision(DecisionInput{DecisionState: decideState("block_ip", "ip-1", "tomas", model.OutcomeApproved), Policy: p}); err != nil {
		t.Errorf("an unsigned decision the policy does not require signed: %v", err)
	}
}
