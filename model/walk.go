package model

import (
	"context"
	"time"
)

// TimelineRecord is one record of an incident in full, as a walk over the
// whole incident meets it: an event, the collection of an evidence record,
// or a review verdict (exactly one is set).
type TimelineRecord struct {
	Event    *Event
	Evidence *Evidence
	Review   *Review
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
	}
	return time.Time{}
}

// RecordWalker reads a whole incident one record at a time, for readers
// that write every record out (exports) without holding the incident.
type RecordWalker interface {
	// EachRecord calls fn with every event, evidence record and review
	// verdict of the incident in time order (ties by id; verdicts after the
	// events of their moment), all from one snapshot, holding only a
	// bounded number of records and steps at a time. An error from fn
	// stops the walk and is returned.
	EachRecord(ctx context.Context, incident string, fn func(TimelineRecord) error) error
}
