package review

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/signoff/signoff/model/gate"
)

// GatedCall is what a decision on a call an agent asked for through
// signoff gate is about: an approval lets the whole call run, every
// argument to the server that asked, not only the detail the mapping
// read into the action. Every place a person decides or reads what was
// decided shows it through Fields, so they all show the same thing.
// The text is the agent's: draw it through the sanitiser.
type GatedCall struct {
	// Call names the framework, the MCP server the call goes to (OpenAI
	// Responses) and the tool: "OpenAI Responses · MCP server edr · tool
	// isolate_host".
	Call string
	// Arguments are every argument, compact JSON with its keys sorted.
	Arguments string
}

// Field is one labelled piece of a gated call as people read it.
type Field struct{ Label, Text string }

// ReadGatedCall reads the call from a suggestion's raw output; ok is false
// for a suggestion that did not come through the gate, or whose call
// cannot be read. The raw output can be megabytes: read it once.
func ReadGatedCall(raw string) (GatedCall, bool) {
	who, args, ok := gate.WholeCall(raw)
	return GatedCall{Call: who, Arguments: args}, ok
}

// ReadGatedCallAs is ReadGatedCall for a modification whose changed
// detail is detail: the arguments the gate answers the framework with,
// the mapped argument replaced (or the whole input, for an unmapped
// tool). A change the framework cannot be told (gate.Refusal) reads as
// not ok.
func ReadGatedCallAs(raw, detail string) (GatedCall, bool) {
	c, ok := ReadGatedCall(raw)
	if !ok {
		return c, false
	}
	e, _ := gate.EnvelopeOf(raw)
	call, err := e.Call()
	if err != nil || e.Detail == "" {
		return GatedCall{}, false
	}
	in, err := gate.WithDetail(call, gate.Mapped{DetailArg: e.DetailArgument}, detail)
	if err != nil {
		return GatedCall{}, false
	}
	// As gate's inputJSON: compact, keys sorted, no HTML escapes.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(in); err != nil {
		return GatedCall{}, false
	}
	c.Arguments = strings.TrimSuffix(b.String(), "\n")
	return c, true
}

// Fields are the call as the person reads it beside the action, whose
// detail is detail: "call", then "arguments", unless the arguments are
// that detail already shown (an unmapped tool's detail is its whole
// input).
func (c GatedCall) Fields(detail string) []Field {
	out := []Field{{"call", c.Call}}
	if !c.IsArguments(detail) {
		out = append(out, Field{"arguments", c.Arguments})
	}
	return out
}

// IsArguments reports whether detail is the call's whole arguments (an
// unmapped tool's detail is its input): it stands for them where they are
// shown, Fields leaves them out, and whatever cuts it says so as it would
// of the arguments.
func (c GatedCall) IsArguments(detail string) bool { return c.Arguments == detail }
