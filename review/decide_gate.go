package review

import (
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// checkAnswerable refuses a decision the agent framework that asked cannot
// be told: a LangChain request that does not allow editing cannot be
// modified, an OpenAI MCP approval cannot carry a changed call. The rule is
// in the suggestion's own raw output (gate.Envelope), so it holds in the
// queue, over SSH and on the command line alike.
func checkAnswerable(in DecisionInput, where string) error {
	why := gate.Refusal(in.Suggestion.RawOutput, in.Request.Outcome, in.Request.ActionDetail)
	if why == "" {
		return nil
	}
	return model.Errorf(model.EINVALID, "%s cannot be decided that way: %s", where, why)
}
