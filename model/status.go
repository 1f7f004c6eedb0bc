package model

import (
	"context"
	"strings"
	"time"
)

// An incident's life: its status changes are records of their own, each
// with the person who made it, when and why. The incident record keeps the
// status it was imported with; the latest change (by time, then order of
// recording) is the status in force.

// StatusChange is one change of an incident's status. Ids are unique among
// the incident's status changes, so a feed that sends a change twice is
// refused rather than recorded twice.
type StatusChange struct {
	ID        string    `json:"id"`
	Status    Status    `json:"status"`
	By        string    `json:"by"`
	At        time.Time `json:"at"`
	Rationale string    `json:"rationale"`
	// SessionKey and Signature prove who made the change (see Signature).
	SessionKey string     `json:"session_key,omitempty"`
	Signature  *Signature `json:"signature,omitempty"`
}

// Validate checks the change's own fields.
func (c *StatusChange) Validate() error {
	if err := checkID("a status change", c.ID); err != nil {
		return err
	}
	if err := badText("status change "+c.ID, c); err != nil {
		return err
	}
	if err := checkTime("status change "+c.ID, "at", c.At); err != nil {
		return err
	}
	switch {
	case !c.Status.Valid():
		return invalid("status change %s: field \"status\" is %q; expected open, contained, resolved or closed", c.ID, c.Status)
	case strings.TrimSpace(c.By) == "":
		return invalid("status change %s: field \"by\" is required", c.ID)
	case c.At.IsZero():
		return invalid("status change %s: field \"at\" is required", c.ID)
	case strings.TrimSpace(c.Rationale) == "":
		return invalid("status change %s: field \"rationale\" is required: say why, for the record", c.ID)
	}
	return validateProof("status change "+c.ID, c.SessionKey, c.Signature)
}

// CheckRefs checks who made the change: a person or an agent of the
// incident. An agent is kept so that the status-authority finding can
// report it; an id that is neither is refused.
func (c *StatusChange) CheckRefs(r Refs) error {
	if !r.HasPerson(c.By) && !r.HasAgent(c.By) {
		return invalid("status change %s: field \"by\" names %q, who is neither a person nor an agent of the incident", c.ID, c.By)
	}
	return nil
}

func (c *StatusChange) Normalize() { c.At = utc(c.At) }

// Closes reports whether a status ends the incident's response: nothing
// may stay pending once it is resolved or closed.
func (s Status) Closes() bool { return s == StatusResolved || s == StatusClosed }

// Live reports whether the incident has a queue: open or contained.
func (s Status) Live() bool { return s == StatusOpen || s == StatusContained }

// CurrentStatus is the status in force: the latest change by time, then
// by order of recording, else the status the incident was recorded with.
func CurrentStatus(imported Status, changes []StatusChange) Status {
	if c := LatestChange(changes); c != nil {
		return c.Status
	}
	return imported
}

// LatestChange is the change in force, or nil when there is none.
func LatestChange(changes []StatusChange) *StatusChange {
	var latest *StatusChange
	for i := range changes {
		if latest == nil || !changes[i].At.Before(latest.At) {
			latest = &changes[i]
		}
	}
	return latest
}

// CurrentStatus is the document's status in force.
func (d *Document) CurrentStatus() Status { return CurrentStatus(d.Incident.Status, d.StatusChanges) }

// StatusRequest asks to change an incident's status as Person.
type StatusRequest struct {
	Incident  string `json:"incident"`
	Status    Status `json:"status"`
	Person    string `json:"person"`
	Rationale string `json:"rationale"`
	// DeferPending defers every pending suggestion as Person, one
	// deferral decision each, in the same transaction as the change: what
	// lets an incident with work still pending be resolved or closed.
	DeferPending bool `json:"defer_pending"`
	// DeferShown, when not 0, is how many pending suggestions the person
	// was shown when they chose to defer them all (the status form): a
	// change that would defer another number is refused, so no deferral
	// is recorded in their name of a suggestion that arrived after they
	// looked. 0 defers whatever is pending, as --defer-pending says.
	DeferShown int `json:"defer_shown,omitempty"`
	// SessionKey is the fingerprint of the key the person logged in with
	// (signoff serve), recorded with the change and every deferral it
	// makes. Signature is their signature over the change's statement
	// (review/signing), DeferralSignatures theirs over each deferral's:
	// a signed change records no deferral its person did not sign.
	SessionKey         string              `json:"session_key"`
	Signature          *Signature          `json:"signature"`
	DeferralSignatures []DeferralSignature `json:"deferral_signatures"`
	// After is the id of the change recorded last when the person read
	// the incident to sign ("" for none): the signed statement names it,
	// and the change is refused if another was recorded meanwhile.
	After string `json:"after,omitempty"`
}

// DeferralSignature is a person's signature of the deferral of one
// pending suggestion, made as part of a status change.
type DeferralSignature struct {
	Suggestion string    `json:"suggestion"`
	Signature  Signature `json:"signature"`
}

// DeferralSignatureOf is the signature given for deferring suggestion,
// or nil when none was.
func (r *StatusRequest) DeferralSignatureOf(suggestion string) *Signature {
	for i := range r.DeferralSignatures {
		if r.DeferralSignatures[i].Suggestion == suggestion {
			return &r.DeferralSignatures[i].Signature
		}
	}
	return nil
}

// Validate refuses a request whose text is not UTF-8 before anything is
// read or written.
func (r *StatusRequest) Validate() error {
	if !ValidID(r.Incident) {
		return invalid("%s is not an incident id", Quote(r.Incident))
	}
	return badText("the status change of "+r.Incident, r)
}

// PendingRef is a pending suggestion as a refusal names it.
type PendingRef struct {
	ID     string
	Action Action
	// GateEnded: the gate that waited on it already answered its agent
	// without a decision (docs/GATE.md). It is pending all the same.
	GateEnded bool
}

// StatusState is what the store knows at the moment of a status change,
// read inside the write transaction.
type StatusState struct {
	Request  StatusRequest
	Now      time.Time
	Incident Incident // as recorded; Status is the imported one
	// Current is the status in force and Latest the change that set it
	// (nil when it is the imported one).
	Current Status
	Latest  *StatusChange
	// LastID and LastBy are the id and person of the change recorded
	// last (record order, not time), "" when none: the change a signed
	// one must say it follows.
	LastID, LastBy string
	// Person is the record of who asks, nil when the id names no person;
	// IsAgent says it names an agent of the incident.
	Person  *Person
	IsAgent bool
	// Pending lists the incident's pending suggestions, oldest first.
	Pending []PendingRef
	// Deferrals holds, when the request defers pending work, the state of
	// each pending suggestion as a deferral by Person would find it.
	Deferrals []DecisionState
	// NextID is a free id for the change.
	NextID string
	// GatePolicy is the fingerprint of the policy the gate ran with when
	// it recorded the incident's latest gated call, and GatePolicyName its
	// file; empty when the incident has none. A status change is then
	// judged by that policy only.
	GatePolicy, GatePolicyName string
}

// StatusPlan is what a status check allows: the deferrals to write first,
// then the change.
type StatusPlan struct {
	Deferrals []Event
	Change    StatusChange
}

// StatusCheck applies the policy to a status change; it returns a refusal
// (an *Error) or the plan to write. review.StatusChecker builds one.
type StatusCheck func(StatusState) (StatusPlan, error)

// StatusResult says what a status change recorded.
type StatusResult struct {
	Incident string
	Previous Status
	Change   StatusChange
	Deferred []Event
	// DeferredGateEnded names the suggestions of Deferred whose gate had
	// already answered its agent: their deferral runs nothing.
	DeferredGateEnded []string
	Seq               int64 // the audit-chain entry of the change
}

// StatusStore is what changes and reads an incident's status.
type StatusStore interface {
	// ChangeStatus checks the request with check inside the write
	// transaction and records the deferrals and the change; a refusal
	// writes nothing.
	ChangeStatus(ctx context.Context, req StatusRequest, check StatusCheck) (StatusResult, error)
	// StatusHistory returns the incident's status changes, oldest first
	// (ENOTFOUND when there is no such incident).
	StatusHistory(ctx context.Context, incident string) ([]StatusChange, error)
}

// Lifecycle is an incident's status over time: what the lifecycle rules
// judge a step against. Imported and ClosedAt are the incident record's;
// Changes are its status changes in the order they were recorded.
type Lifecycle struct {
	Imported Status
	ClosedAt *time.Time
	Changes  []StatusChange
}

// LifecycleOf is the lifecycle of an incident and its changes.
func LifecycleOf(i Incident, changes []StatusChange) *Lifecycle {
	return &Lifecycle{Imported: i.Status, ClosedAt: i.ClosedAt, Changes: changes}
}

// Current is the status in force.
func (l *Lifecycle) Current() Status { return CurrentStatus(l.Imported, l.Changes) }

// ClosedBefore says whether the incident had been resolved or closed
// before t (strictly: what happens at the same instant as the change is
// part of it, as the deferrals a closing records are), and by which
// change ("" for the imported status, which counts from closed_at). An
// imported resolved or closed status without closed_at has no moment, so
// it never counts here: only the status in force says so.
func (l *Lifecycle) ClosedBefore(t time.Time) (closed bool, change string) {
	var in *StatusChange
	for i := range l.Changes {
		c := &l.Changes[i]
		if c.At.Before(t) && (in == nil || !c.At.Before(in.At)) {
			in = c
		}
	}
	if in != nil {
		return in.Status.Closes(), in.ID
	}
	return l.Imported.Closes() && l.ClosedAt != nil && l.ClosedAt.Before(t), ""
}
