package model

import (
	"context"
	"time"
)

// TimelineRecord is one record of an incident in full, as a walk over the
// whole incident meets it: an event, the collection of an evidence record,
// a review verdict or a change of the incident's status (exactly one is
// set).
type TimelineRecord struct {
	Event    *Event
	Evidence *Evidence
	Review   *Review
	Status   *StatusChange
	// Step is the review step the record belongs to (suggestions,
	// decisions, executions and verdicts), read from the same snapshot as
	// the record; nil for records outside any step. Its Evidence holds what
	// the finding rules read: the records its events cite or review and,
	// for each execution, the target's last record before it and first
	// from its moment on (not the records the review pane adds around it).
	Step *Step
}

// At is the moment the record has on the timeline.
func (r TimelineRecord) At() time.Time {
	switch {
	case r.Event != nil:
		return r.Event.At
	case r.Evidence != nil:
		return r.Evidence.CollectedAt
	case r.Review != nil:
		return r.Review.At
	case r.Status != nil:
		return r.Status.At
	}
	return time.Time{}
}

// RecordWalker reads a whole incident one record at a time, for readers
// that write every record out (exports) without holding the incident.
type RecordWalker interface {
	// EachRecord calls fn with every event, evidence record, review
	// verdict and status change of the incident in time order (ties by id;
	// verdicts after the events of their moment, status changes after both,
	// in the order they were recorded), all from one snapshot, holding
	// only a bounded number of records and steps at a time. An error from
	// fn stops the walk and is returned.
	EachRecord(ctx context.Context, incident string, fn func(TimelineRecord) error) error
}

// WalkStart is what a walk over an incident's steps reads before the first
// step: the few records every step is judged by.
type WalkStart struct {
	// Incident is the incident as recorded: Status is the one it was
	// imported with; StatusChanges say what moved it since.
	Incident      Incident
	StatusChanges []StatusChange
	Roster        Roster
	// AssetEvidence counts the evidence records collected for each asset.
	AssetEvidence map[string]int
}

// StepWalker reads a whole incident one review step at a time, for readers
// that judge every step (findings, the report) without holding the
// incident.
type StepWalker interface {
	// EachStep calls start once, then fn with every review step of the
	// incident in step order (the time of the event the step began with,
	// then its id), all from one snapshot, holding a bounded number of
	// steps at a time. Each step carries its Lifecycle and TargetAsset,
	// and as Evidence the records its events cite or review, the first
	// record collected for each asset its actions target, and for each
	// execution the target's last record before it and first from its
	// moment on. The step handed to fn is not used by the walk after fn
	// returns. An error from fn stops the walk and is returned.
	EachStep(ctx context.Context, incident string, start func(WalkStart) error, fn func(*Step) error) error
}

// WalkStart is what a walk over the document's steps would start with.
func (d *Document) WalkStart() WalkStart {
	ws := WalkStart{
		Incident:      d.Incident,
		StatusChanges: d.StatusChanges,
		Roster:        Roster{People: d.People, Agents: d.Agents, Assets: d.Assets},
		AssetEvidence: map[string]int{},
	}
	for _, ev := range d.Evidence {
		if ev.Asset != "" {
			ws.AssetEvidence[ev.Asset]++
		}
	}
	return ws
}
