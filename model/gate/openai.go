package gate

import (
	"encoding/json"

	"github.com/signoff/signoff/model"
)

const openaiInput = "OpenAI mcp_approval_request"

// decodeOpenAI reads one mcp_approval_request output item: id,
// server_label, name and arguments (a JSON string). The approval response
// has no way to carry a changed call, so a modification is not allowed.
func decodeOpenAI(data []byte) (Request, error) {
	m, err := object(data, openaiInput)
	if err != nil {
		return Request{}, err
	}
	typ, err := str(m, "type", openaiInput)
	if err != nil {
		return Request{}, err
	}
	if typ != "" && typ != "mcp_approval_request" {
		return Request{}, model.Errorf(model.EINVALID, "the item's type is %q; signoff gate --from openai-mcp answers an mcp_approval_request", typ)
	}
	var c Call
	if c.ID, err = required(m, "id", openaiInput); err != nil {
		return Request{}, err
	}
	if c.Tool, err = required(m, "name", openaiInput); err != nil {
		return Request{}, err
	}
	if c.Server, err = str(m, "server_label", openaiInput); err != nil {
		return Request{}, err
	}
	args, err := str(m, "arguments", openaiInput)
	if err != nil {
		return Request{}, err
	}
	if args != "" {
		if c.Input, err = arguments(json.RawMessage(args), "arguments", openaiInput); err != nil {
			return Request{}, err
		}
	} else {
		c.Input = map[string]any{}
	}
	c.Outcomes = []model.Outcome{model.OutcomeApproved, model.OutcomeRejected, model.OutcomeDeferred}
	c.Raw = compact(data)
	return Request{Format: OpenAIMCP, Calls: []Call{c}}, nil
}
