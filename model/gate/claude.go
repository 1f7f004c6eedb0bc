package gate

import (
	"encoding/json"

	"github.com/signoff/signoff/model"
)

// Claude Code's hook events the gate reads: PreToolUse asks, the two
// after-events report what ran.
const (
	eventPreToolUse         = "PreToolUse"
	eventPostToolUse        = "PostToolUse"
	eventPostToolUseFailure = "PostToolUseFailure"
)

const claudeInput = "Claude Code hook input"

// decodeClaude reads a PreToolUse hook input: session_id, tool_name,
// tool_input, tool_use_id and the fields every hook gets.
func decodeClaude(data []byte) (Request, error) {
	m, err := object(data, claudeInput)
	if err != nil {
		return Request{}, err
	}
	event, err := str(m, "hook_event_name", claudeInput)
	if err != nil {
		return Request{}, err
	}
	if event != "" && event != eventPreToolUse {
		return Request{}, model.Errorf(model.EINVALID, "the %s is a %s event; signoff gate answers PreToolUse (use --result for PostToolUse)", claudeInput, event)
	}
	call, session, err := claudeCall(m)
	if err != nil {
		return Request{}, err
	}
	call.Raw = compact(data)
	return Request{Format: ClaudeCode, Calls: []Call{call}, Session: session}, nil
}

func claudeCall(m map[string]json.RawMessage) (Call, string, error) {
	var c Call
	var err error
	if c.Tool, err = required(m, "tool_name", claudeInput); err != nil {
		return c, "", err
	}
	if c.ID, err = str(m, "tool_use_id", claudeInput); err != nil {
		return c, "", err
	}
	if c.Input, err = arguments(m["tool_input"], "tool_input", claudeInput); err != nil {
		return c, "", err
	}
	if d, ok := c.Input["description"].(string); ok {
		c.Description = d
	}
	session, err := str(m, "session_id", claudeInput)
	return c, session, err
}

// Result is what a framework reported after a gated call ran.
type Result struct {
	Call Call
	// Failed says the tool reported a failure; Error is its message.
	Failed bool
	Error  string
}

// DecodeClaudeResult reads a PostToolUse (or PostToolUseFailure) hook input.
// PostToolUse fires after a tool succeeded; a tool_response that says
// success false, or PostToolUseFailure, is a failure.
func DecodeClaudeResult(data []byte) (Result, error) {
	m, err := object(data, claudeInput)
	if err != nil {
		return Result{}, err
	}
	event, err := str(m, "hook_event_name", claudeInput)
	if err != nil {
		return Result{}, err
	}
	var r Result
	switch event {
	case eventPostToolUse, "":
	case eventPostToolUseFailure:
		r.Failed = true
		r.Error, _ = str(m, "error", claudeInput)
	default:
		return Result{}, model.Errorf(model.EINVALID, "the %s is a %s event; --result reads PostToolUse or PostToolUseFailure", claudeInput, event)
	}
	if r.Call, _, err = claudeCall(m); err != nil {
		return Result{}, err
	}
	if r.Call.ID == "" {
		return Result{}, model.Errorf(model.EINVALID, "the %s has no \"tool_use_id\", so the gated call it reports cannot be found", claudeInput)
	}
	var resp struct {
		Success *bool `json:"success"`
	}
	if raw, ok := m["tool_response"]; ok && json.Unmarshal(raw, &resp) == nil && resp.Success != nil && !*resp.Success {
		r.Failed = true
	}
	r.Call.Raw = compact(data)
	r.Call.Format = ClaudeCode
	return r, nil
}
