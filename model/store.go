package model

import (
	"context"
	"time"
)

// IncidentSummary is one incident with the counts `incidents` and the
// picker show. Counts come from queries, never from loading the timeline.
type IncidentSummary struct {
	Incident
	Events      int `json:"events"`
	Suggestions int `json:"suggestions"`
	Decisions   int `json:"decisions"`
	Executions  int `json:"executions"`
	Pending     int `json:"pending"`
	// PendingGateEnded counts the pending suggestions whose approval gate
	// already answered its agent without a decision (docs/GATE.md): still
	// pending, but a decision on one now runs nothing.
	PendingGateEnded int `json:"pending_gate_ended"`
	Reviewed         int `json:"reviewed"` // review subjects with at least one verdict    int `json:"reviewed"` // review subjects with at least one verdict
	Subjects         int `json:"subjects"` // review subjects (see Step.Subject)
	// Incident.Status is the status in force; when a recorded change set
	// it, StatusSince and StatusBy say when and who.
	StatusSince *time.Time `json:"status_since,omitempty"`
	StatusBy    string     `json:"status_by,omitempty"`
	// ReadsLike is another incident whose id reads like this one's
	// (Twins.Of), or "": a pair stored before imports refused such ids,
	// which every list of incidents must tell apart.
	ReadsLike string `json:"reads_like,omitempty"`
	// importedStatus is the status the incident's own record holds, when
	// a change has put another in force (SetStatusInForce).
	importedStatus Status
}

// SetStatusInForce puts the status a recorded change set in force, keeping
// the one the incident's own record holds for Recorded.
func (s *IncidentSummary) SetStatusInForce(status Status, by string, since time.Time) {
	if s.importedStatus == "" {
		s.importedStatus = s.Incident.Status
	}
	s.Status, s.StatusBy, s.StatusSince = status, by, &since
}

// Recorded is the incident as its own record holds it, the status as
// imported: what a stream that adds records to it must name.
func (s IncidentSummary) Recorded() Incident {
	i := s.Incident
	if s.importedStatus != "" {
		i.Status = s.importedStatus
	}
	return i
}

// Roster is the small reference data of an incident: who and what.
type Roster struct {
	People []Person
	Agents []Agent
	Assets []Asset
	// Alike names the ids of the roster that read like another of it, as
	// the store found them (db/alike; model, kept to the standard library,
	// cannot tell). An incident stored before such ids were refused may
	// hold them; a roster built from a document leaves Alike empty.
	Alike LookAlikes
	// IncidentReadsLike is another incident whose id reads like this
	// incident's, or "" (Store.Roster only): a pair stored before imports
	// refused such ids.
	IncidentReadsLike string
}

// LookAlikes are the ids of a roster that read like another of their
// kind: people and agents together, since either can be named as who,
// and assets apart.
type LookAlikes struct {
	Who    Twins
	Assets Twins
}

// Empty reports whether the roster holds no ids that read alike.
func (l LookAlikes) Empty() bool { return len(l.Who) == 0 && len(l.Assets) == 0 }

// Twins maps each id that reads like another to the first of them
// recorded, the one the others are taken for (so the first maps to
// itself). An id that reads like no other is absent.
type Twins map[string]string

// One is the id that id counts as: the first recorded of the ids that
// read like it, or id itself.
func (t Twins) One(id string) string {
	if first, ok := t[id]; ok {
		return first
	}
	return id
}

// Of returns another id that reads like id: the first recorded or, for
// that one, the least of the others in byte order. ok is false when no
// other id reads like it.
func (t Twins) Of(id string) (twin string, ok bool) {
	first, ok := t[id]
	if !ok {
		return "", false
	}
	if first != id {
		return first, true
	}
	for other, f := range t {
		if f == first && other != id && (twin == "" || other < twin) {
			twin = other
		}
	}
	return twin, twin != ""
}

// Cursor is a keyset position in a timeline: rows are ordered by (At, ID).
type Cursor struct {
	At time.Time
	ID string
}

// TimelineRow is one line of the timeline: an event, or the collection of
// an evidence record (Kind == KindEvidence).
type TimelineRow struct {
	Kind    EventKind
	ID      string
	At      time.Time
	Actor   string // source, agent, owner, actor or collector
	Summary string // the event summary, or "type → target" for actions
	// Subject is the review subject the row belongs to, "" for rows outside
	// any step (alerts, notes, evidence).
	Subject string
	// Latest verdict on Subject, empty when not reviewed.
	Verdict  Verdict
	Reviewer string
}

func (r TimelineRow) Cursor() Cursor { return Cursor{At: r.At, ID: r.ID} }

// SearchStep is what a bounded search found: the row, or else the last
// row it read (Reached), after which a search goes on, or that it read to
// the end of the timeline (End; the start, searching backwards).
type SearchStep struct {
	Row     *TimelineRow
	Reached Cursor
	End     bool
}

// Step is everything about one review subject: the AI suggestion (if any),
// the human decisions on it (oldest first; the last is final), executions,
// the evidence (in collection order) and the verdict history (oldest first).
//
// Evidence holds every record the step's events cite or review and the
// records for the target asset. When that asset has many records, the
// store carries only those nearest the step: for each execution the last
// record for its target collected before it and the first one from its
// moment on (what evidence-after-action needs), and the few collected
// nearest before and after the step's reference moment (its first
// execution, else its final decision, else its suggestion).
// EvidenceOmitted then counts the target asset's records left out; it is 0
// when Evidence holds every record for the target asset.
type Step struct {
	Subject         string
	Suggestion      *Event
	Decisions       []Event
	Executions      []Event
	Evidence        []Evidence
	EvidenceOmitted int
	Reviews         []Review
	Incident        string
	TargetAsset     *Asset
	// Lifecycle is the incident's status over time, nil when not known.
	Lifecycle *Lifecycle
}

// FinalDecision returns the last decision of the step, or nil.
func (s *Step) FinalDecision() *Event {
	if len(s.Decisions) == 0 {
		return nil
	}
	return &s.Decisions[len(s.Decisions)-1]
}

// LatestReview returns the verdict in force, or nil.
func (s *Step) LatestReview() *Review {
	if len(s.Reviews) == 0 {
		return nil
	}
	return &s.Reviews[len(s.Reviews)-1]
}

// ReviewStore is what the review workstation reads and writes: the
// incidents, their timelines and steps, and review verdicts.
type ReviewStore interface {
	// Incidents lists every incident with its counts, newest first.
	Incidents(ctx context.Context) ([]IncidentSummary, error)
	// IncidentSummary returns one incident with its counts (ENOTFOUND).
	IncidentSummary(ctx context.Context, id string) (IncidentSummary, error)
	Roster(ctx context.Context, incident string) (Roster, error)

	// TimelineAfter returns up to limit rows strictly after the cursor in
	// time order (from the start when after is nil).
	TimelineAfter(ctx context.Context, incident string, after *Cursor, limit int) ([]TimelineRow, error)
	// TimelineBefore returns up to limit rows strictly before the cursor (up
	// to the end when before is nil), still in ascending time order.
	TimelineBefore(ctx context.Context, incident string, before *Cursor, limit int) ([]TimelineRow, error)
	// SearchTimeline finds the first row after (forward) or before the
	// cursor whose summary, actor, action or id contains text, or nil.
	SearchTimeline(ctx context.Context, incident, text string, from Cursor, forward bool) (*TimelineRow, error)
	// FilteredTimeline returns up to limit rows that pass the filter,
	// strictly after (forward) or before the cursor, from the start or the
	// end when from is nil, in ascending time order.
	FilteredTimeline(ctx context.Context, incident string, f TimelineFilter, from *Cursor, forward bool, limit int) ([]TimelineRow, error)
	// SearchWithin is FilteredTimeline's first row, reading at most within
	// rows of the timeline from the cursor when the filter makes it walk
	// them (search text of fewer than three characters, which the index
	// cannot narrow, or a filter alone): at a million rows a whole walk
	// takes seconds. When no row within the bound passes, it says where it
	// stopped, so a search goes on from there.
	SearchWithin(ctx context.Context, incident string, f TimelineFilter, from Cursor, forward bool, within int) (SearchStep, error)
	// CountTimeline counts the rows that pass the filter, strictly before
	// the cursor when before is not nil; it stops at max, so max means "max
	// or more".
	CountTimeline(ctx context.Context, incident string, f TimelineFilter, before *Cursor, max int) (int, error)
	// NextUnreviewed finds the first row after (or before) the cursor that
	// starts a review subject with no verdict yet, or nil.
	NextUnreviewed(ctx context.Context, incident string, from Cursor, forward bool) (*TimelineRow, error)

	// Event returns one event of an incident (ENOTFOUND).
	Event(ctx context.Context, incident, id string) (Event, error)
	// Step returns the review subject an event belongs to (ENOTFOUND when
	// the event is not part of one).
	Step(ctx context.Context, incident, eventID string) (Step, error)
	Evidence(ctx context.Context, incident, id string) (Evidence, error)

	// Document loads a whole incident in the import format (export, findings, report).
	Document(ctx context.Context, incident string) (Document, error)
	// ResolveEvent turns a bare or qualified id into a qualified one
	// (ENOTFOUND, or EINVALID when a bare id is ambiguous).
	ResolveEvent(ctx context.Context, ref EventRef) (EventRef, error)

	// RecordReview appends a verdict as its reviewer, who must be a known
	// person of the incident (EFORBIDDEN otherwise). The returned review has
	// the time it was recorded.
	RecordReview(ctx context.Context, incident string, r Review) (Review, error)

	// DataVersion changes whenever another connection commits a write; the
	// workstation polls it to refresh.
	DataVersion(ctx context.Context) (int64, error)

	RecordWalker
}

// TrainingStore keeps training runs, apart from the incident record.
type TrainingStore interface {
	StartTrainingRun(ctx context.Context, r TrainingRun) (TrainingRun, error)
	RecordTrainingChoice(ctx context.Context, run int64, c TrainingChoice) error
	EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error
	// ResumeTrainingRun continues a run left unfinished as a new run that
	// starts with its choices; the run left stays as it ended.
	ResumeTrainingRun(ctx context.Context, run int64, at time.Time) (TrainingRun, error)
}

// MetricsStore reads the trust metrics' sums and the suggestions behind them.
type MetricsStore interface {
	MetricCells(ctx context.Context, f MetricsFilter) ([]MetricCell, error)
	MetricSuggestions(ctx context.Context, f MetricsFilter, after *MetricsCursor, limit int) ([]SuggestionFact, error)
}

// Store is everything the screens program against; every store engine
// implements all of it, so a screen never knows which one it talks to.
type Store interface {
	ReviewStore
	StatusStore
	QueueStore
	TrainingStore
	MetricsStore
	// ReadFault says what the store's reads have found wrong with the
	// audit-chain entries they went through: a sentence naming the first
	// that does not verify, "" while every one has. Reads still return
	// what they read; the workstation shows the sentence.
	ReadFault() string
}

// ChangeWatcher is a store that says when another connection wrote, as
// it happens, rather than waiting to be asked: Changed returns a channel
// closed at the next such write (or when the store reconnects, and every
// reader must read again), nil when the store can only be polled with
// DataVersion.
type ChangeWatcher interface {
	Changed() <-chan struct{}
}

// TimelineFilter narrows a timeline to the rows a reviewer asks for; the
// zero value keeps every row, and a row must pass every filter given.
type TimelineFilter struct {
	Kinds []EventKind // rows of any of these kinds
	// Actor keeps the rows whose actor (source, agent, owner, actor or
	// collector) is this id.
	Actor string
	// Asset keeps the rows about this asset: a suggestion or decision
	// acting on it, an execution carrying one out, evidence collected from
	// it.
	Asset string
	// Unreviewed keeps the rows of review steps with no verdict yet.
	Unreviewed bool
	// Text keeps the rows whose summary, actor, action or id contain it,
	// ignoring case: the search.
	Text string
}

// IsZero reports whether the filter keeps every row.
func (f TimelineFilter) IsZero() bool {
	return len(f.Kinds) == 0 && f.Actor == "" && f.Asset == "" && !f.Unreviewed && f.Text == ""
}

// ImportResult says what importing one file did.
type ImportResult struct {
	Incident string
	Created  bool           // the incident is new (else records were appended)
	Counts   map[string]int // records added: people, agents, assets, evidence, events, reviews
}

// Add counts one record added.
func (r *ImportResult) Add(what string) {
	if r.Counts == nil {
		r.Counts = map[string]int{}
	}
	r.Counts[what]++
}
