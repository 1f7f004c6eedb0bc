package review

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// gatedState is a pending suggestion that came through the gate from a
// LangChain interrupt whose review config allows decisions.
func gatedState(decisions string, outcome model.Outcome, detail *string) model.DecisionState {
	req, err := gate.Decode(gate.LangChainHITL, []byte(`{"action_requests":[{"name":"block_ip","args":{"ip":"10.1.1.1"}}],
		"review_configs":[{"action_name":"block_ip","allowed_decisions":`+decisions+`}]}`))
	if err != nil {
		panic(err)
	}
	m, _ := gate.Compile(gate.MappingFile{Rules: []gate.RuleFile{{Tool: "block_ip", Action: "block_ip", Target: "ip", Detail: "ip"}}})
	s := decideState("block_ip", "10.1.1.1", "tomas", outcome)
	s.Suggestion.Action.Detail = "10.1.1.1"
	s.Suggestion.RawOutput = gate.NewEnvelope(gate.LangChainHITL, req.Calls[0], m.Map(req.Calls[0])).String()
	s.Request.ActionDetail = detail
	return s
}

func TestADecisionTheAskingFrameworkCannotCarryIsRefused(t *testing.T) {
	subnet := "10.1.1.0"
	cases := []struct {
		name      string
		decisions string
		outcome   model.Outcome
		detail    *string
		refused   string
	}{
		{"a modification of a request that allows no edit is refused", `["approve","reject"]`, model.OutcomeApproved, &subnet, "it cannot be modified"},
		{"an approval of a request that allows only reject is refused", `["reject"]`, model.OutcomeApproved, nil, "it cannot be approved"},
		{"a rejection of a request that allows it is recorded", `["approve","reject"]`, model.OutcomeRejected, nil, ""},
		{"a modification of a request that allows edit is recorded", `["approve","edit","reject"]`, model.OutcomeApproved, &subnet, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := check(gatedState(tc.decisions, tc.outcome, tc.detail))
			if tc.refused == "" {
				if err != nil || plan.Decision == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), tc.refused) ||
				!strings.Contains(err.Error(), "S1 of INC-9 cannot be decided that way: it came from LangChain") {
				t.Fatalf("got %v; want a refusal saying %q", err, tc.refused)
			}
		})
	}
}

func TestAnApproveOnlyCallPastItsExpiryCanBeRejectedOrDeferred(t *testing.T) {
	for _, o := range []model.Outcome{model.OutcomeRejected, model.OutcomeDeferred} {
		s := gatedState(`["approve"]`, o, nil)
		if _, err := check(s); err == nil {
			t.Fatalf("%s while the gate may still answer was recorded; LangChain cannot be told it", o)
		}
		past := decideNow.Add(-time.Minute)
		s.Suggestion.ExpiresAt = &past
		if _, err := check(s); err != nil {
			t.Errorf("%s past the expiry, when the gate has answered: %v", o, err)
		}
	}
	s := gatedState(`["reject"]`, model.OutcomeApproved, nil)
	past := decideNow.Add(-time.Minute)
	s.Suggestion.ExpiresAt = &past
	if _, err := check(s); err == nil {
		t.Error("an approval the framework does not allow was recorded past the expiry")
	}
}

func TestAnApproveOnlyLangChainCallWhoseGateEndedCanBeRejected(t *testing.T) {
	s := gatedState(`["approve"]`, model.OutcomeRejected, nil)
	s.GateEnded = true
	if _, err := check(s); err != nil {
		t.Errorf("a rejection after its gate answered (no gate waits on a LangChain call again): %v", err)
	}
	s = gatedState(`["approve"]`, model.OutcomeApproved, nil)
	s.GateEnded = true
	s.Request.ActionDetail = new(string)
	*s.Request.ActionDetail = "10.1.1.2"
	if _, err := check(s); err == nil {
		t.Error("a modification LangChain does not allow was recorded after its gate ended")
	}
}
