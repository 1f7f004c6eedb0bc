package gate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// Verdict is what the agent is told to do with one call.
type Verdict string

const (
	Allow Verdict = "allow"
	Deny  Verdict = "deny"
	// Ask hands the call back to the agent's own user (Claude Code); the
	// other frameworks have no such answer and are told Deny.
	Ask Verdict = "ask"
)

// Answer is signoff's answer to one call.
type Answer struct {
	Verdict Verdict
	// Reason is the sentence the agent (or its user) reads: who decided and why.
	Reason string
	// Input is the changed input of an approved modification, nil otherwise.
	Input map[string]any
}

// How a call ended in the record.
type Ending int

const (
	// Decided: a person's final decision (Resolution.Decision).
	Decided Ending = iota + 1
	// PreAuthorised: a low-tier action the policy lets the agent run.
	PreAuthorised
	// TimedOut: nobody decided within Resolution.Wait.
	TimedOut
	// CarriedOut: something executed it without a decision (Resolution.Execution).
	CarriedOut
)

// Resolution is what the record says about one gated call.
type Resolution struct {
	Ending    Ending
	Decision  *model.Event
	Execution *model.Event
	// Imported: Decision was not made through signoff's own decision
	// path (the queue, approve, serve) but appended by a stream, which
	// can name any owner and approvers, people it added itself included.
	Imported bool
	// Ref is the suggestion as INCIDENT/ID.
	Ref  string
	Wait time.Duration
	// Policy, Class and Tier say why a pre-authorised call was allowed;
	// Tier also says whether a call nobody decided is put to the user.
	Policy string
	Class  model.ActionClass
	Tier   model.Tier
}

// AsksUser reports whether a call of tier t of format f that nobody
// decided within the wait is put to the agent's user (Claude Code's
// "ask") rather than refused. Only Claude Code can ask, and only below
// the high tier: a high or critical action needs authority the person at
// the agent's terminal may not have (and a critical one two people, one
// of whom may have approved already), so a click there must not stand in
// for it. An unknown tier is refused.
func AsksUser(f Format, t model.Tier) bool {
	return f == ClaudeCode && t.Valid() && t.Rank() < model.TierHigh.Rank()
}

func tierWord(t model.Tier) string {
	if t.Valid() {
		return string(t) + "-tier"
	}
	return "high-tier"
}

// AnswerFor says what to answer call c, mapped as m, of format f. A
// modification is answered with the changed input where the format can
// carry one and the change is one the input can hold; otherwise the agent
// is told no, with the change in the reason, so it never runs a call other
// than the one a person approved.
func AnswerFor(f Format, c Call, m Mapped, r Resolution) Answer {
	switch r.Ending {
	case PreAuthorised:
		return Answer{Verdict: Allow, Reason: fmt.Sprintf("pre-authorised by policy %s: %s is a %s-tier %s action (signoff %s)",
			r.Policy, m.Action.Type, r.Tier, r.Class, r.Ref)}
	case TimedOut:
		a := Answer{Verdict: Deny, Reason: fmt.Sprintf("no decision within %s (signoff %s)", Duration(r.Wait), r.Ref)}
		switch {
		case AsksUser(f, r.Tier):
			a.Verdict = Ask
		case f == ClaudeCode:
			a.Reason += fmt.Sprintf("; a %s action is not left to the agent's user, so it is not run", tierWord(r.Tier))
		}
		return a
	case CarriedOut:
		x := r.Execution
		return Answer{Verdict: Deny, Reason: fmt.Sprintf("already carried out by %s at %s without a decision (signoff %s); not run again",
			x.Actor, x.At.UTC().Format(time.RFC3339), r.Ref)}
	}
	return decided(f, c, m, r.Decision)
}

func decided(f Format, c Call, m Mapped, d *model.Event) Answer {
	why := ""
	if strings.TrimSpace(d.Rationale) != "" {
		why = ": " + d.Rationale
	}
	switch d.Outcome {
	case model.OutcomeApproved:
		if d.Action == nil || model.SameAction(d.Action, &m.Action) {
			return Answer{Verdict: Allow, Reason: "approved by " + approvers(d) + why}
		}
		return modified(f, c, m, d, why)
	case model.OutcomeModified:
		return modified(f, c, m, d, why)
	case model.OutcomeDeferred:
		return Answer{Verdict: Deny, Reason: "deferred by " + d.Owner + why + "; suggest it again later"}
	}
	return Answer{Verdict: Deny, Reason: "rejected by " + d.Owner + why}
}

// modified answers a decision that changed the action.
func modified(f Format, c Call, m Mapped, d *model.Event, why string) Answer {
	by := "modified by " + approvers(d) + why
	a := d.Action
	if a == nil || a.Type != m.Action.Type || a.Target != m.Action.Target {
		return Answer{Verdict: Deny, Reason: by + "; the change is not one this call's input can carry, so it is not run"}
	}
	if f == OpenAIMCP {
		return Answer{Verdict: Deny, Reason: by + fmt.Sprintf("; an MCP approval cannot carry a changed call: call again as %q", a.Detail)}
	}
	input, err := WithDetail(c, m, a.Detail)
	if err != nil {
		return Answer{Verdict: Deny, Reason: by + "; the change is not one this call's input can carry, so it is not run"}
	}
	return Answer{Verdict: Allow, Reason: by, Input: input}
}

// approvers names who approved a decision: its approvals in order, else its owner.
func approvers(d *model.Event) string {
	var names []string
	for _, ap := range d.Approvals {
		if !contains(names, ap.By) {
			names = append(names, ap.By)
		}
	}
	if len(names) == 0 {
		return d.Owner
	}
	return strings.Join(names, " and ")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// Duration writes a wait the way people say it: 10m, 1h30m, 45s, 1.5s.
func Duration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	if d%time.Second != 0 || d < time.Second {
		return d.String()
	}
	s := d.String()
	s = strings.Replace(s, "m0s", "m", 1)
	s = strings.Replace(s, "h0m", "h", 1)
	return s
}

// Encode writes the framework's answer to req, one Answer per call in
// order, as one line of JSON.
func Encode(req Request, answers []Answer) ([]byte, error) {
	if len(answers) != len(req.Calls) {
		return nil, fmt.Errorf("gate: %d answers for %d calls", len(answers), len(req.Calls))
	}
	var v any
	switch req.Format {
	case ClaudeCode:
		v = claudeAnswer(answers[0])
	case LangChainHITL:
		v = langchainAnswer(req, answers)
	case OpenAIMCP:
		v = openaiAnswer(req.Calls[0], answers[0])
	default:
		return nil, fmt.Errorf("gate: unknown format %q", req.Format)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// claudeOutput is the PreToolUse hook's JSON output.
type claudeOutput struct {
	HookSpecificOutput claudeDecision `json:"hookSpecificOutput"`
}

type claudeDecision struct {
	HookEventName            string  `json:"hookEventName"`
	PermissionDecision       Verdict `json:"permissionDecision"`
	PermissionDecisionReason string  `json:"permissionDecisionReason"`
	// UpdatedInput is any, not a map: omitempty leaves out an empty map,
	// and a call changed to an empty input would be allowed as asked.
	UpdatedInput any `json:"updatedInput,omitempty"`
}

func claudeAnswer(a Answer) claudeOutput {
	d := claudeDecision{HookEventName: eventPreToolUse, PermissionDecision: a.Verdict, PermissionDecisionReason: a.Reason}
	if a.Input != nil {
		d.UpdatedInput = a.Input
	}
	return claudeOutput{d}
}

// langchainDecision is one entry of the decisions a HITL interrupt resumes with.
type langchainDecision struct {
	Type         string           `json:"type"`
	EditedAction *langchainAction `json:"edited_action,omitempty"`
	Message      string           `json:"message,omitempty"`
}

type langchainAction struct {
	Name string         `json:"name"`
	Args map[string]any `json:"args"`
}

func langchainAnswer(req Request, answers []Answer) any {
	out := make([]langchainDecision, len(answers))
	for i, a := range answers {
		switch {
		case a.Verdict == Allow && a.Input != nil:
			out[i] = langchainDecision{Type: "edit", EditedAction: &langchainAction{Name: req.Calls[i].Tool, Args: a.Input}}
		case a.Verdict == Allow:
			out[i] = langchainDecision{Type: "approve"}
		default:
			out[i] = langchainDecision{Type: "reject", Message: a.Reason}
		}
	}
	return struct {
		Decisions []langchainDecision `json:"decisions"`
	}{out}
}

// openaiResponse is the mcp_approval_response input item.
type openaiResponse struct {
	Type              string `json:"type"`
	ApprovalRequestID string `json:"approval_request_id"`
	Approve           bool   `json:"approve"`
	Reason            string `json:"reason,omitempty"`
}

func openaiAnswer(c Call, a Answer) openaiResponse {
	return openaiResponse{Type: "mcp_approval_response", ApprovalRequestID: c.ID, Approve: a.Verdict == Allow, Reason: a.Reason}
}

// Refuse answers the calls of a request signoff could not record or
// decide: each call without an answer in given (one per call, or nil;
// the zero Answer is none) is refused and told why, so it does not run.
func Refuse(req Request, given []Answer, reason string) []Answer {
	out := make([]Answer, len(req.Calls))
	for i := range out {
		if i < len(given) && given[i].Verdict != "" {
			out[i] = given[i]
			continue
		}
		out[i] = Answer{Verdict: Deny, Reason: reason}
	}
	return out
}
