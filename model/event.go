package model

import "time"

// Action is something that could be done: by the AI's word or a human's.
type Action struct {
	Type   string `json:"type"`
	Target string `json:"target,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// Approval is one human sign-off on a decision.
type Approval struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
	// SessionKey and Signature prove who approved (see Signature).
	SessionKey string     `json:"session_key,omitempty"`
	Signature  *Signature `json:"signature,omitempty"`
}

// RejectedAlternative is an action the decision owner considered and turned down.
type RejectedAlternative struct {
	Action Action `json:"action"`
	Reason string `json:"reason"`
}

// Event is one timeline entry. Which fields are allowed depends on Kind
// (see Validate); keeping one struct keeps the import format one shape.
type Event struct {
	ID       string    `json:"id"`
	At       time.Time `json:"at"`
	Kind     EventKind `json:"kind"`
	Source   string    `json:"source,omitempty"` // alert, telemetry: the system that raised it
	Actor    string    `json:"actor,omitempty"`  // note, comms: author; execution: who ran it
	Summary  string    `json:"summary,omitempty"`
	Detail   string    `json:"detail,omitempty"`
	Evidence []string  `json:"evidence,omitempty"` // evidence cited

	// suggestion
	Agent         string     `json:"agent,omitempty"`
	Action        *Action    `json:"action,omitempty"` // suggestion and decision
	Confidence    *float64   `json:"confidence,omitempty"`
	ConfidenceCue string     `json:"confidence_cue,omitempty"`
	Rank          int        `json:"rank,omitempty"`
	Rationale     string     `json:"rationale,omitempty"` // suggestion and decision
	Alternatives  []Action   `json:"alternatives,omitempty"`
	RawOutput     string     `json:"raw_output,omitempty"`
	ExpiresAt     *time.Time `json:"expires_at,omitempty"`

	// decision
	Suggestion           string                `json:"suggestion,omitempty"` // decision, execution
	Owner                string                `json:"owner,omitempty"`
	Outcome              Outcome               `json:"outcome,omitempty"`
	EvidenceReviewed     []string              `json:"evidence_reviewed,omitempty"`
	AlternativesRejected []RejectedAlternative `json:"alternatives_rejected,omitempty"`
	Approvals            []Approval            `json:"approvals,omitempty"`
	// SessionKey and Signature prove who owns the decision (see Signature).
	SessionKey string     `json:"session_key,omitempty"`
	Signature  *Signature `json:"signature,omitempty"`

	// execution
	Decision  string     `json:"decision,omitempty"`
	Automated bool       `json:"automated,omitempty"`
	Result    ExecResult `json:"result,omitempty"`
}

// SameAction reports whether two actions are the same action (type, target, detail).
func SameAction(a, b *Action) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
