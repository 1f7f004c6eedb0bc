package model

import (
	"context"
	"time"
)

// The pending-approvals queue (SPEC.md "Deciding in the queue"): the types
// the queue workstation and the approve/reject/decisions commands share.

// PendingApproval is the first of the two approvals a critical action
// needs, recorded while it waits for a second person.
type PendingApproval struct {
	Incident         string    `json:"incident"`
	Suggestion       string    `json:"suggestion"`
	By               string    `json:"by"`
	At               time.Time `json:"at"`
	Outcome          Outcome   `json:"outcome"` // approved or modified
	Action           Action    `json:"action"`
	Rationale        string    `json:"rationale"`
	EvidenceReviewed []string  `json:"evidence_reviewed,omitempty"`
	// SessionKey and Signature prove who approved (see Signature).
	SessionKey string     `json:"session_key,omitempty"`
	Signature  *Signature `json:"signature,omitempty"`
}

// PendingItem is one row of the queue: a suggestion with neither a decision
// nor an execution, in an open or contained incident. It holds only what a
// row shows and the queue sorts on; PendingDetail has the rest.
type PendingItem struct {
	Incident      string
	IncidentTitle string
	Severity      Severity
	Suggestion    string
	At            time.Time
	Agent         string
	Action        Action
	Confidence    *float64
	Rank          int
	ExpiresAt     *time.Time
	// Target is the asset the action names, nil when it names none.
	Target *Asset
	// Preserved says whether any evidence for the target asset is on record.
	Preserved bool
	// FirstApproval is set when a critical action has one approval of two.
	FirstApproval *PendingApproval
	// GateEnded is set when the gate that waited on the suggestion answered
	// its agent without a decision: nothing will run what is decided now.
	GateEnded *GateEnd
	// Class and Tier are the policy's: the store leaves them empty and
	// review.SortQueue fills them.
	Class ActionClass
	Tier  Tier
}

// Key names the item as INCIDENT/ID.
func (p PendingItem) Key() string { return p.Incident + "/" + p.Suggestion }

// Expired reports whether the suggestion can no longer be approved at now.
func (p PendingItem) Expired(now time.Time) bool {
	return p.ExpiresAt != nil && !now.Before(*p.ExpiresAt)
}

// Queue is the pending items as of one snapshot; Seq is the last
// audit-chain entry the snapshot includes, so DecisionsSince(Seq) later
// says who decided the items that have since left the queue.
type Queue struct {
	Items []PendingItem
	Seq   int64
	// Claims are the live claims on the items, as of the snapshot.
	Claims []Claim
	// Handoffs holds the latest hand-off note of each incident listed that
	// has one, and HandoffCount how many notes each has.
	Handoffs     map[string]HandoffNote
	HandoffCount map[string]int
	// Status is the status in force of each incident listed.
	Status map[string]Status
	// Alike holds, for each incident listed whose id reads like another
	// incident's (stored before imports refused such ids), that other id.
	Alike map[string]string
}

// QueueHead is the first part of the queue (QueueStore.PendingQueueHead):
// the items of the incidents picked, in full, and how many items and
// incidents the whole queue holds, so a first screen can be drawn, and
// counted exactly, before every item is read.
//
// The keys handed to pick hold only what review.SortQueue orders by:
// Incident, Suggestion, At, Action (type and target), Rank, GateEnded, and
// a Target with only its ID and Privileged. A key's target entry and gate
// note are not checked: a key orders the incidents, it is never shown.
type QueueHead struct {
	// Queue has the picked incidents' items; its claims, notes and
	// statuses are the whole queue's.
	Queue
	Pending   int // items in the whole queue
	Incidents int // incidents with an item in the whole queue
	// PendingGateEnded counts the whole queue's items whose gate already
	// answered its agent, from the keys' notes.
	PendingGateEnded int
	// Whole is true when pick named every incident with an item: Queue is
	// then the whole queue.
	Whole bool
}

// PendingDetail is everything an owner reads before deciding one item.
type PendingDetail struct {
	Item       PendingItem
	Suggestion Event
	// Commander is the incident's commander, who may change its status.
	Commander string
	// Cited is the evidence the suggestion cites; TargetEvidence every
	// record collected for the target asset. Both in collection order.
	Cited          []Evidence
	TargetEvidence []Evidence
	// Chain is the suggesting agent and its parents, nearest first.
	Chain  []Agent
	People []Person
	Agents []Agent
	// Alike are the people and agents whose ids read alike (Roster.Alike).
	Alike Twins
	// Evidence lists every evidence record of the incident, for ticking
	// what was reviewed.
	Evidence []Evidence
}

// DecideRequest asks to decide a pending suggestion as Person.
type DecideRequest struct {
	Incident   string   `json:"incident"`
	Suggestion string   `json:"suggestion"`
	Person     string   `json:"person"`
	Outcome    Outcome  `json:"outcome"` // approved, rejected or deferred; ActionDetail makes an approval a modification
	Rationale  string   `json:"rationale"`
	Evidence   []string `json:"evidence"`
	// ActionDetail replaces the suggested action's detail (approvals only).
	ActionDetail *string `json:"action_detail"`
	// Confirmed is the action the person was shown and confirmed, when a
	// workstation showed one: an approval that would record another (a
	// first approval with a changed detail landed meanwhile) is refused.
	Confirmed *Action `json:"confirmed_action,omitempty"`
	// SessionKey is the fingerprint of the key the person logged in with
	// (signoff serve); Signature their signature over the decision's
	// statement (review/signing). Either is recorded with the decision.
	SessionKey string     `json:"session_key"`
	Signature  *Signature `json:"signature"`
}

// Validate checks the request's own fields before the store reads
// anything: the ids, and that every text is UTF-8 (badText's reason).
func (r *DecideRequest) Validate() error {
	if !ValidID(r.Incident) || !ValidID(r.Suggestion) {
		return invalid("%s is not an event id: expected INCIDENT/ID", Quote(r.Incident+"/"+r.Suggestion))
	}
	if err := CheckText("the person deciding", r.Person); err != nil {
		return err
	}
	return badText("the decision on "+r.Incident+"/"+r.Suggestion, r)
}

// DecisionState is what the store knows about a suggestion at the moment
// of decision, read inside the write transaction.
type DecisionState struct {
	Request    DecideRequest
	Now        time.Time
	Incident   Incident
	Suggestion Event
	Target     *Asset
	// Person is the deciding person's record, nil when Person names none;
	// IsAgent says the id names an agent of the incident.
	Person  *Person
	IsAgent bool
	// Decision is an existing decision on the suggestion, Execution an
	// existing execution of it (either means it is no longer pending).
	Decision  *Event
	Execution *Event
	// FirstApproval is a recorded first approval awaiting its second.
	FirstApproval *PendingApproval
	// FirstByAlike says the person deciding is not the first approver but
	// their id reads like the first approver's (db/alike decides): an
	// incident stored before such ids were refused may hold both.
	FirstByAlike bool
	// UnknownEvidence lists the requested evidence ids the incident lacks.
	UnknownEvidence []string
	// GateEnded says the latest note of the suggestion's gate says it
	// answered its agent (it stopped, or its wait ran out).
	GateEnded bool
}

// DecisionPlan is what a decision check allows: either record a first
// approval, or write the final decision.
type DecisionPlan struct {
	Tier          Tier
	FirstApproval *PendingApproval
	Decision      *Event
}

// DecisionCheck applies the policy to a decision; it returns a refusal
// (an *Error) or the plan to write. review.DecisionChecker builds one.
type DecisionCheck func(DecisionState) (DecisionPlan, error)

// DecideResult says what a decision recorded.
type DecideResult struct {
	Incident   string
	Suggestion string
	Tier       Tier
	// Awaiting is true when a first approval was recorded and a second
	// person must approve; Decision is then nil.
	Awaiting      bool
	FirstApproval *PendingApproval
	Decision      *Event
	Seq           int64 // the audit-chain entry written
	// HeldBy is someone else's live claim on the item when it was decided:
	// a claim stops no one, but the person deciding over it is told.
	HeldBy *Claim
	// GateEnded is set when the gate that waited on the suggestion had
	// already answered its agent: the decision is recorded, runs nothing.
	GateEnded *GateEnd
}

// DecisionLine is one line of `signoff decisions`: a final decision made
// in the queue, for the system that carries it out.
type DecisionLine struct {
	Seq        int64      `json:"seq"`
	Incident   string     `json:"incident"`
	Suggestion string     `json:"suggestion"`
	Decision   string     `json:"decision"`
	Owner      string     `json:"owner"`
	Outcome    Outcome    `json:"outcome"`
	Action     *Action    `json:"action"`
	Approvals  []Approval `json:"approvals"`
	At         time.Time  `json:"at"`
	// Gated says the suggestion is a call an agent asked for through
	// signoff gate: the agent runs it, and only when its gate answers
	// allow (docs/GATE.md), so an executor must not run the decision.
	Gated bool `json:"gated"`
}

// QueueStore is what the queue workstation and commands program against.
type QueueStore interface {
	// PendingQueue lists the pending suggestions of open and contained
	// incidents, unsorted (the order needs the policy: review.SortQueue).
	PendingQueue(ctx context.Context) (Queue, error)
	// PendingQueueHead reads the part of the queue a first screen shows,
	// in one snapshot: it hands the sort keys of every pending item
	// (QueueHead) to pick, which names the incidents to read, and reads
	// those incidents' items in full and checked, as PendingQueue does.
	PendingQueueHead(ctx context.Context, pick func(keys []PendingItem) []string) (QueueHead, error)
	// PendingDetail loads one item in full (ENOTFOUND).
	PendingDetail(ctx context.Context, incident, suggestion string) (PendingDetail, error)
	// Decide checks the request with check inside the write transaction and
	// records a first approval or the final decision; a refusal writes nothing.
	Decide(ctx context.Context, req DecideRequest, check DecisionCheck) (DecideResult, error)
	// DecisionsSince returns up to limit queue decisions with seq > since.
	DecisionsSince(ctx context.Context, since int64, limit int) ([]DecisionLine, error)
	// NoteUnanswered appends note, a note event written as actor saying
	// what a waiting agent was told when nobody decided in time (or that a
	// gate run again for the call waits on it again), unless the
	// suggestion has a decision by then: that decision is returned and
	// nothing is written. Check and note are one transaction, so the record
	// never says an agent was told "no decision" when there was one.
	NoteUnanswered(ctx context.Context, incident, suggestion, actor string, note Event) (*Event, error)
	// DataVersion changes whenever another connection commits a write.
	DataVersion(ctx context.Context) (int64, error)
	ShiftStore
	StatusStore
}
