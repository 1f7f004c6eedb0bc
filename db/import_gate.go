package db

import (
	"fmt"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/format"
	"github.com/signoff/signoff/model/gate"
)

// speaksForGate refuses an event of a stream appended to a stored
// incident that is written as the approval gate (gate.NoteActor), or as a
// name that reads like it. The gate's notes say whether a gate still
// waits on a suggestion, and every reader goes by the latest, so a feed
// that could write one would make a live gate's item read as answered,
// or an ended one as live. A new incident (a document, or a stream that
// creates it) has no gate waiting on it here: it carries the gate's notes
// of its export as recorded.
func (s *stream) speaksForGate(e *model.Event) error {
	if s.document || s.new != nil || e.Actor == "" {
		return nil
	}
	as := model.Quote(e.Actor) + ","
	switch {
	case e.Actor == gate.NoteActor:
	case alike.Same(e.Actor, gate.NoteActor):
		as = model.Spelt(e.Actor) + ", which reads like " + model.Quote(gate.NoteActor) + ","
	default:
		return nil
	}
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf("%s %s is written as %s the name of the approval gate, and a stream appended to incident %s cannot speak for the gate: its notes say whether it still waits on a suggestion, so only the gate writes them there",
		e.Kind, e.ID, as, s.res.Incident))
}
