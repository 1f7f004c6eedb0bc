package gate

import (
	"encoding/json"
	"fmt"

	"github.com/signoff/signoff/model"
)

const langchainInput = "LangChain interrupt"

// LangChain's decision types and the signoff outcomes each allows. A
// deferral is answered as a rejection (the agent must ask again), so it is
// allowed where reject is.
var langchainOutcomes = map[string][]model.Outcome{
	"approve": {model.OutcomeApproved},
	"edit":    {model.OutcomeModified},
	"reject":  {model.OutcomeRejected, model.OutcomeDeferred},
}

// decodeLangChain reads the value of a HumanInTheLoopMiddleware interrupt:
// action_requests (name, args, description) and review_configs
// (action_name, allowed_decisions), one call per action, in order.
func decodeLangChain(data []byte) (Request, error) {
	var in struct {
		ActionRequests []json.RawMessage `json:"action_requests"`
		ReviewConfigs  []json.RawMessage `json:"review_configs"`
	}
	if _, err := object(data, langchainInput); err != nil {
		return Request{}, err
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return Request{}, model.Errorf(model.EINVALID, "the %s's action_requests and review_configs must be lists of objects", langchainInput)
	}
	if len(in.ActionRequests) == 0 {
		return Request{}, model.Errorf(model.EINVALID, "the %s has no action_requests", langchainInput)
	}
	configs := map[string]json.RawMessage{}
	allowed := map[string][]model.Outcome{}
	for i, raw := range in.ReviewConfigs {
		name, outcomes, err := reviewConfig(raw, i+1)
		if err != nil {
			return Request{}, err
		}
		configs[name], allowed[name] = compact(raw), outcomes
	}
	req := Request{Format: LangChainHITL}
	for i, raw := range in.ActionRequests {
		what := fmt.Sprintf("action request %d of the %s", i+1, langchainInput)
		m, err := object(raw, what)
		if err != nil {
			return Request{}, err
		}
		var c Call
		if c.Tool, err = required(m, "name", what); err != nil {
			return Request{}, err
		}
		if c.Input, err = arguments(m["args"], "args", what); err != nil {
			return Request{}, err
		}
		if c.Description, err = str(m, "description", what); err != nil {
			return Request{}, err
		}
		c.Outcomes = allowed[c.Tool]
		c.Raw, err = json.Marshal(struct {
			ActionRequest json.RawMessage `json:"action_request"`
			ReviewConfig  json.RawMessage `json:"review_config,omitempty"`
		}{compact(raw), configs[c.Tool]})
		if err != nil {
			return Request{}, err
		}
		req.Calls = append(req.Calls, c)
	}
	return req, nil
}

// reviewConfig reads one review config: the action it is for and the
// outcomes its allowed_decisions permit.
func reviewConfig(raw json.RawMessage, n int) (string, []model.Outcome, error) {
	what := fmt.Sprintf("review config %d of the %s", n, langchainInput)
	var rc struct {
		ActionName       string   `json:"action_name"`
		AllowedDecisions []string `json:"allowed_decisions"`
	}
	if err := json.Unmarshal(raw, &rc); err != nil {
		return "", nil, model.Errorf(model.EINVALID, "%s must have a string action_name and a list of allowed_decisions", what)
	}
	if rc.ActionName == "" {
		return "", nil, model.Errorf(model.EINVALID, "%s has no \"action_name\"", what)
	}
	var outcomes []model.Outcome
	for _, d := range rc.AllowedDecisions {
		outcomes = append(outcomes, langchainOutcomes[d]...)
	}
	if len(outcomes) == 0 {
		return "", nil, model.Errorf(model.EINVALID, "%s (%s) allows none of approve, edit or reject, so a person cannot answer it through signoff", what, rc.ActionName)
	}
	return rc.ActionName, outcomes, nil
}
