package review

import (
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/review/signing/signingtest"
)

// A critical action's two approvals are two people only when two keys
// gave them: a roster that lists one key for alice and for dave (a line
// "alice,dave KEY", or a line for each) let its holder sign both, and
// every signature checked. The second is refused; a rejection by the same
// holder is still recorded, as it needs no second person.
func TestASecondApprovalWithTheKeyOfTheFirstIsRefused(t *testing.T) {
	shared := signingtest.NewSigner(t)
	p, err := LoadPolicy(strings.NewReader("signers = \"allowed_signers\"\n"+defaultPolicyTOML), "team.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := signing.ParseRoster([]byte("alice,dave "+string(ssh.MarshalAuthorizedKey(shared.PublicKey()))), "allowed_signers")
	if err != nil {
		t.Fatal(err)
	}
	p = p.WithRoster(r)
	first, err := CheckDecision(DecisionInput{DecisionState: signed(t, shared, decideState("wipe_host", "h-1", "alice", model.OutcomeApproved)), Policy: p})
	if err != nil || first.FirstApproval == nil {
		t.Fatalf("first approval: %+v, %v", first.FirstApproval, err)
	}
	for _, c := range []struct {
		name    string
		outcome model.Outcome
		refused bool
	}{
		{"dave approving with alice's key is refused", model.OutcomeApproved, true},
		{"dave rejecting with it is recorded", model.OutcomeRejected, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			s2 := decideState("wipe_host", "h-1", "dave", c.outcome)
			s2.FirstApproval = first.FirstApproval
			_, err := CheckDecision(DecisionInput{DecisionState: signed(t, shared, s2), Policy: p})
			if !c.refused {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			want := "the second approval of S1 of INC-9 by dave is signed with the key " + signing.Fingerprint(shared.PublicKey()) + " that signed the first, by alice"
			if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), want) {
				t.Fatalf("got %v; want a refusal saying %q", err, want)
			}
		})
	}
}

// The same holds for serve sessions: a second approval made in a session
// of the key whose session gave the first is refused.
func TestASecondApprovalInASessionOfTheFirstsKeyIsRefused(t *testing.T) {
	key := signing.Fingerprint(signingtest.NewSigner(t).PublicKey())
	s := decideState("wipe_host", "h-1", "alice", model.OutcomeApproved)
	s.Request.SessionKey = key
	plan, err := check(s)
	if err != nil || plan.FirstApproval == nil {
		t.Fatalf("first approval %+v, %v", plan.FirstApproval, err)
	}
	s2 := decideState("wipe_host", "h-1", "dave", model.OutcomeApproved)
	s2.FirstApproval, s2.Request.SessionKey = plan.FirstApproval, key
	_, err = check(s2)
	want := "is made in a session of the key " + key + " that made the first, by alice"
	if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v; want a refusal saying %q", err, want)
	}
}
