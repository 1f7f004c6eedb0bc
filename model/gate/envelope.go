package gate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/signoff/signoff/model"
)

// Envelope is the raw output of a gated suggestion: the call exactly as the
// framework sent it, and what the framework lets a person decide about it.
// It is part of the record (a suggestion's raw_output), so the rule it
// carries travels with exports and holds at every place a decision is made.
type Envelope struct {
	Gate     Format          `json:"gate"`
	Outcomes []model.Outcome `json:"outcomes"`
	// Detail says what a changed action detail replaces: "argument" (the
	// argument named by DetailArgument) or "input" (the whole input, so the
	// detail must be a JSON object). Empty when no change can be answered.
	Detail         string `json:"detail,omitempty"`
	DetailArgument string `json:"detail_argument,omitempty"`
	// Policy is the fingerprint of the policy the gate judged the call
	// by, and PolicyName the file it came from: a decision on the call is
	// judged by that policy, not one the person deciding chose
	// (review.checkPinned). Empty in envelopes written before the rule.
	Policy     string          `json:"policy,omitempty"`
	PolicyName string          `json:"policy_name,omitempty"`
	Request    json.RawMessage `json:"request"`
}

const (
	detailArgument = "argument"
	detailInput    = "input"
)

// allOutcomes is what a framework that says nothing lets a person decide.
var allOutcomes = []model.Outcome{model.OutcomeApproved, model.OutcomeModified, model.OutcomeRejected, model.OutcomeDeferred}

// NewEnvelope is the raw output of call c of format f, mapped as m.
func NewEnvelope(f Format, c Call, m Mapped) Envelope {
	e := Envelope{Gate: f, Outcomes: c.Outcomes, Request: c.Raw}
	if e.Outcomes == nil {
		e.Outcomes = allOutcomes
	}
	if slices.Contains(e.Outcomes, model.OutcomeModified) {
		if m.DetailArg != "" {
			e.Detail, e.DetailArgument = detailArgument, m.DetailArg
		} else {
			e.Detail = detailInput
		}
	}
	return e
}

// String is the envelope as the suggestion keeps it.
func (e Envelope) String() string {
	b, err := json.Marshal(e)
	if err != nil {
		return ""
	}
	return string(b)
}

// EnvelopeOf reads a suggestion's raw output; ok is false when it is not a
// gate envelope (a suggestion imported from elsewhere).
func EnvelopeOf(raw string) (Envelope, bool) {
	if !strings.HasPrefix(raw, `{"gate":`) {
		return Envelope{}, false
	}
	var e Envelope
	if err := json.Unmarshal([]byte(raw), &e); err != nil || !e.Gate.Valid() {
		return Envelope{}, false
	}
	return e, true
}

// Refusal says why a decision cannot be answered to the framework that
// asked, or "" when it can. detail is the changed action detail of a
// modification, nil otherwise. A suggestion that did not come through the
// gate allows every decision.
func Refusal(raw string, outcome model.Outcome, detail *string) string {
	e, ok := EnvelopeOf(raw)
	if !ok {
		return ""
	}
	if detail != nil {
		outcome = model.OutcomeModified
	}
	if !slices.Contains(e.Outcomes, outcome) {
		return fmt.Sprintf("it came from %s, whose request allows only %s; it cannot be %s",
			e.Gate.Framework(), outcomeList(e.Outcomes), outcome)
	}
	if outcome == model.OutcomeModified && e.Detail == detailInput {
		if _, err := parseInput(*detail); err != nil {
			return "it is a tool call signoff has no mapping for, so a changed detail must be the tool's whole input as one JSON object (the call is answered with it)"
		}
	}
	return ""
}

func outcomeList(os []model.Outcome) string {
	words := make([]string, len(os))
	for i, o := range os {
		words[i] = verb(o)
	}
	switch len(words) {
	case 0:
		return "nothing"
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}

func verb(o model.Outcome) string {
	switch o {
	case model.OutcomeApproved:
		return "approve"
	case model.OutcomeModified:
		return "modify"
	case model.OutcomeRejected:
		return "reject"
	case model.OutcomeDeferred:
		return "defer"
	}
	return string(o)
}

// Call is the call the envelope keeps, read again from the request as the
// framework sent it.
func (e Envelope) Call() (Call, error) {
	if e.Gate != LangChainHITL {
		req, err := Decode(e.Gate, e.Request)
		if err != nil {
			return Call{}, err
		}
		return req.Calls[0], nil
	}
	var kept struct {
		ActionRequest json.RawMessage `json:"action_request"`
	}
	if err := json.Unmarshal(e.Request, &kept); err != nil || len(kept.ActionRequest) == 0 {
		return Call{}, model.Errorf(model.EINVALID, "the kept LangChain call has no action_request")
	}
	req, err := Decode(LangChainHITL, []byte(`{"action_requests":[`+string(kept.ActionRequest)+`]}`))
	if err != nil {
		return Call{}, err
	}
	return req.Calls[0], nil
}

// WholeCall is what an approval lets run, for the person deciding: who
// asks (the framework, and the MCP server that would get the call), the
// tool, and every argument as compact JSON with its keys sorted. The
// text is the agent's: show it through the sanitiser. ok is false when
// raw is not a gate envelope or its call cannot be read.
func WholeCall(raw string) (who, args string, ok bool) {
	e, ok := EnvelopeOf(raw)
	if !ok {
		return "", "", false
	}
	c, err := e.Call()
	if err != nil {
		return "", "", false
	}
	who = e.Gate.Framework()
	if c.Server != "" {
		who += " · MCP server " + c.Server
	}
	return who + " · tool " + c.Tool, inputJSON(c.Input), true
}
