// Package gate is what signoff needs to stand between an agent framework
// and its tools: the request and answer shapes of the frameworks that pause
// a tool call for a human (Claude Code hooks, LangChain's human-in-the-loop
// middleware, OpenAI Responses MCP approvals), the mapping from a tool call
// to a signoff action, and the envelope a gated suggestion's raw output is
// kept in. It is pure: no I/O, no clock, standard library and model only.
package gate

import (
	"fmt"
	"strings"
)

// Format names a framework's request and answer shapes.
type Format string

const (
	// ClaudeCode is the Claude Code / Agent SDK PreToolUse hook: its input
	// on stdin, its JSON output on stdout.
	ClaudeCode Format = "claude-code"
	// LangChainHITL is the interrupt of LangChain's HumanInTheLoopMiddleware
	// (action_requests, review_configs) and the decisions it resumes with.
	LangChainHITL Format = "langchain-hitl"
	// OpenAIMCP is an OpenAI Responses mcp_approval_request item and the
	// mcp_approval_response item that answers it.
	OpenAIMCP Format = "openai-mcp"
)

// Formats lists every format, for help and errors.
var Formats = []Format{ClaudeCode, LangChainHITL, OpenAIMCP}

func (f Format) Valid() bool {
	for _, g := range Formats {
		if f == g {
			return true
		}
	}
	return false
}

// ParseFormat reads a --from value.
func ParseFormat(s string) (Format, error) {
	f := Format(s)
	if !f.Valid() {
		names := make([]string, len(Formats))
		for i, g := range Formats {
			names[i] = string(g)
		}
		return "", fmt.Errorf("%q is not a gate format; expected %s", s, strings.Join(names, ", "))
	}
	return f, nil
}

// Framework is the name people know the format by.
func (f Format) Framework() string {
	switch f {
	case ClaudeCode:
		return "Claude Code"
	case LangChainHITL:
		return "LangChain"
	case OpenAIMCP:
		return "OpenAI Responses"
	}
	return string(f)
}
