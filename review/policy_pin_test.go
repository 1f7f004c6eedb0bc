package review

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

func weakened(t *testing.T, from, to string) *Policy {
	t.Helper()
	p, err := LoadPolicy(strings.NewReader(strings.Replace(defaultPolicyTOML, from, to, 1)), "weak.toml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pinnedState is a gated call whose gate ran under policy gateRan.
func pinnedState(gateRan *Policy) model.DecisionState {
	s := gatedState(`["approve","edit","reject"]`, model.OutcomeApproved, nil)
	e, _ := gate.EnvelopeOf(s.Suggestion.RawOutput)
	e.Policy, e.PolicyName = gateRan.Fingerprint(), gateRan.Name()
	s.Suggestion.RawOutput = e.String()
	return s
}

func TestAGatedCallIsDecidedOnlyUnderItsGatesPolicy(t *testing.T) {
	weak := weakened(t, `block_ip         = { class = "containment", tier = "medium" }`, `block_ip = { class = "containment", tier = "low" }`)
	if weak.Fingerprint() == DefaultPolicy().Fingerprint() {
		t.Fatal("a changed tier left the fingerprint as it was")
	}
	t.Run("a decision judged by the policy the gate ran with is recorded", func(t *testing.T) {
		if _, err := CheckDecision(DecisionInput{DecisionState: pinnedState(DefaultPolicy()), Policy: DefaultPolicy()}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a decision judged by a policy the decider chose is refused", func(t *testing.T) {
		_, err := CheckDecision(DecisionInput{DecisionState: pinnedState(DefaultPolicy()), Policy: weak})
		if model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), `came through the gate under policy "default_policy.toml"`) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a decision under the bundled policy on a call gated under a team's is refused", func(t *testing.T) {
		_, err := CheckDecision(DecisionInput{DecisionState: pinnedState(weak), Policy: DefaultPolicy()})
		if model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("got %v", err)
		}
	})
}

func TestAPolicysFingerprintIsWhatItRules(t *testing.T) {
	same := weakened(t, "# signoff policy", "# another comment\n# signoff policy")
	if same.Fingerprint() != DefaultPolicy().Fingerprint() {
		t.Error("a comment changed the fingerprint")
	}
	for _, change := range [][2]string{
		{`require_signature = []`, `require_signature = ["critical"]`},
		{`wipe_host        = { class = "containment", tier = "critical" }`, `wipe_host = { class = "containment", tier = "medium" }`},
		{`require_signature = []`, "require_signature = []\nsigners = \"allowed_signers\""},
		{"commander = true\n", "commander = false\n"},
	} {
		if weakened(t, change[0], change[1]).Fingerprint() == DefaultPolicy().Fingerprint() {
			t.Errorf("%s -> %s left the fingerprint as it was", change[0], change[1])
		}
	}
}

func TestAGatedIncidentsStatusChangesOnlyUnderItsGatesPolicy(t *testing.T) {
	// A [status] table of the closer's own that lets medium authority close.
	own := weakened(t, "authority = \"high\"\n\n[actions]", "authority = \"medium\"\n\n[actions]")
	closing := func(p *Policy, gatePolicy string) error {
		s := statusState("tomas", model.StatusContained)
		s.GatePolicy, s.GatePolicyName = gatePolicy, "team.toml"
		_, err := CheckStatusChange(StatusInput{StatusState: s, Policy: p})
		return err
	}
	if err := closing(own, ""); err != nil {
		t.Fatalf("an incident no gate recorded calls in is not held to any: %v", err)
	}
	if err := closing(own, DefaultPolicy().Fingerprint()); model.ErrorCode(err) != model.EFORBIDDEN || !strings.Contains(err.Error(), `has calls recorded by the gate under policy "team.toml"`) {
		t.Fatalf("a status change under a policy of one's own was not refused: %v", err)
	}
	if err := closing(DefaultPolicy(), DefaultPolicy().Fingerprint()); model.ErrorCode(err) != model.EFORBIDDEN || strings.Contains(err.Error(), "gate") {
		t.Fatalf("under the gate's policy, a medium person is judged by its [status] table: %v", err)
	}
}
