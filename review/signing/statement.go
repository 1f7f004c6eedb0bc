// Package signing is how signoff proves who decided: the statements people
// sign, signing and checking them in OpenSSH's SSHSIG format (namespace
// "signoff"), and the allowed-signers roster that says which key speaks
// for which person. It does no I/O: keys, agents and files are the
// command line's business.
package signing

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/signoff/signoff/model"
)

// What a person signs is a statement of what they chose, not the record
// the store writes: the record's time is the store's, read inside the
// write, after the signature was made. A statement is canonical JSON (the
// fields below, in this order, compact), so the same choice always has
// the same bytes and a statement can be checked against its record.

// Statement kinds, the value of "signoff" in each statement. A verdict or
// status statement of v2 names, in "after", the record it follows (see
// Place), so its signature proves one record, not any copy appended
// later; v1 statements, made before, do not, and are still checked.
const (
	KindDecision  = "decision/v1"
	KindVerdict   = "verdict/v2"
	KindStatus    = "status/v2"
	KindVerdictV1 = "verdict/v1"
	KindStatusV1  = "status/v1"
)

// Decision is what a person states when they decide a suggestion in the
// queue or give the first of two approvals: the outcome and action as they
// will be recorded, their rationale and the evidence they reviewed.
type Decision struct {
	Signoff    string        `json:"signoff"`
	Incident   string        `json:"incident"`
	Suggestion string        `json:"suggestion"`
	By         string        `json:"by"`
	Outcome    model.Outcome `json:"outcome"`
	Action     *model.Action `json:"action,omitempty"`
	Rationale  string        `json:"rationale"`
	Evidence   []string      `json:"evidence_reviewed,omitempty"`
}

// Verdict is what a reviewer states when they record a review verdict.
type Verdict struct {
	Signoff        string               `json:"signoff"`
	Incident       string               `json:"incident"`
	Subject        string               `json:"subject"`
	By             string               `json:"by"`
	Verdict        model.Verdict        `json:"verdict"`
	OutcomeChanged model.OutcomeChanged `json:"outcome_changed"`
	AICorrect      model.AICorrect      `json:"ai_correct"`
	Note           string               `json:"note,omitempty"`
	// After is the verdict this one follows on the subject (model.VerdictRef),
	// "" for the first; nil in a v1 statement, which has no "after".
	After *string `json:"after,omitempty"`
}

// StatusChange is what a person states when they change an incident's
// status: the status, their rationale, and whether they defer what is
// still pending with it (each deferral is a decision of its own, with a
// statement of its own).
type StatusChange struct {
	Signoff      string       `json:"signoff"`
	Incident     string       `json:"incident"`
	By           string       `json:"by"`
	Status       model.Status `json:"status"`
	Rationale    string       `json:"rationale"`
	DeferPending bool         `json:"defer_pending,omitempty"`
	// After is the id of the status change this one follows, "" for the
	// incident's first; nil in a v1 statement, which has no "after".
	After *string `json:"after,omitempty"`
}

// Text is the statement's canonical bytes: what is signed.
func (d Decision) Text() string {
	d.Signoff = KindDecision
	return canonical(d)
}

// Text is the statement's canonical bytes: what is signed.
func (v Verdict) Text() string {
	v.Signoff = KindVerdict
	if v.After == nil {
		v.Signoff = KindVerdictV1
	}
	return canonical(v)
}

// Text is the statement's canonical bytes: what is signed.
func (c StatusChange) Text() string {
	c.Signoff = KindStatus
	if c.After == nil {
		c.Signoff = KindStatusV1
	}
	return canonical(c)
}

// StatusOf is the statement of a status change as recorded, following
// the change after ("" for the incident's first). The record does not say
// whether pending work was deferred with it (the deferrals are records of
// their own), so the statement has DeferPending false.
func StatusOf(incident string, c *model.StatusChange, after string) StatusChange {
	return StatusChange{Incident: incident, By: c.By, Status: c.Status, Rationale: c.Rationale, After: &after}
}

// VerdictOf is the statement of a review verdict as recorded, following
// the verdict after on its subject (VerdictRef, "" for the first).
func VerdictOf(incident string, r *model.Review, after string) Verdict {
	return Verdict{Incident: incident, Subject: r.Subject, By: r.Reviewer, Verdict: r.Verdict,
		OutcomeChanged: r.OutcomeChanged, AICorrect: r.AICorrect, Note: r.Note, After: &after}
}

// DecisionOfApproval is the statement of a first approval as recorded.
func DecisionOfApproval(pa *model.PendingApproval) Decision {
	a := pa.Action
	return Decision{Incident: pa.Incident, Suggestion: pa.Suggestion, By: pa.By, Outcome: pa.Outcome,
		Action: &a, Rationale: pa.Rationale, Evidence: pa.EvidenceReviewed}
}

func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("signing: a statement cannot be encoded: " + err.Error()) // plain structs of strings
	}
	return string(b)
}

// parse reads a signed statement of the given kind, refusing one that is
// not exactly in canonical form: a statement means one thing, byte for byte.
func parse[T interface{ Text() string }](text, kind string) (T, bool) {
	var v T
	var head struct {
		Signoff string `json:"signoff"`
	}
	if json.Unmarshal([]byte(text), &head) != nil || head.Signoff != kind {
		return v, false
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	if dec.Decode(&v) != nil || dec.More() {
		return v, false
	}
	return v, v.Text() == text
}

// sameIDs reports whether two lists name the same ids, in any order.
func sameIDs(a, b []string) bool {
	return len(a) == len(b) && subset(a, b)
}

// subset reports whether every id of a is in b.
func subset(a, b []string) bool {
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}
