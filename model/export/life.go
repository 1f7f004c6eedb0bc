package export

import "github.com/signoff/signoff/model"

// Life follows an incident's status along a walk of its records in time
// order (model.RecordWalker) for the exports' status lines: the status
// each recorded change moves the incident from, and where the incident
// record's own closing (closed_at) falls. As everywhere in signoff
// (model.Lifecycle), the status the incident was imported with holds until
// a change supersedes it: the record's closing is written only when no
// change came before closed_at, so the last status the lines state is the
// status in force.
type Life struct {
	recorded model.Incident
	current  model.Status
	changed  bool // a change has been seen
	closing  bool // the record's closing has not been placed yet
}

// NewLife follows the incident as recorded (its imported status).
func NewLife(recorded model.Incident) *Life {
	return &Life{recorded: recorded, current: recorded.Status, closing: recorded.ClosedAt != nil}
}

// ClosingBefore says whether the record's closing goes before rec: it
// comes after the events and verdicts of its moment, before the status
// changes of it, and not at all after a change.
func (l *Life) ClosingBefore(rec model.TimelineRecord) bool {
	if !l.closing {
		return false
	}
	at := *l.recorded.ClosedAt
	if !rec.At().After(at) && (rec.Status == nil || rec.Status.At.Before(at)) {
		return false
	}
	l.closing = false
	return !l.changed
}

// ClosingAtEnd says whether the record's closing is still to be written
// once every record has been.
func (l *Life) ClosingAtEnd() bool {
	due := l.closing && !l.changed
	l.closing = false
	return due
}

// Change notes a status change, in walk order, and returns the status it
// moved the incident from.
func (l *Life) Change(c *model.StatusChange) model.Status {
	from := l.current
	l.current, l.changed = c.Status, true
	return from
}

// Current is the status in force after the changes seen so far.
func (l *Life) Current() model.Status { return l.current }
