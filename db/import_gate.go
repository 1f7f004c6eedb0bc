package db

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

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
	case s.readsLikeGate(e.Actor):
		as = model.Spelt(e.Actor) + ", which reads like " + model.Quote(gate.NoteActor) + ","
	default:
		return nil
	}
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf("%s %s is written as %s the name of the approval gate, and a stream appended to incident %s cannot speak for the gate: its notes say whether it still waits on a suggestion, so only the gate writes them there",
		e.Kind, e.ID, as, s.res.Incident))
}

// takesGateID refuses a record of a stream appended to a stored incident
// whose id is one the approval gate gives its own records
// (gate.Reserved): the gate writes each of those once, so a feed that took
// one first would make the gate refuse the call it belongs to, or leave a
// record that reads as the gate's. Evidence shares the events' ids, so it
// is held to the same. A new incident carries the gate's records of its
// export as recorded, as speaksForGate lets it; the gate's own import
// (ImportGateStream) writes them.
func (s *stream) takesGateID(what, id string) error {
	if s.document || s.new != nil || s.byGate {
		return nil
	}
	kept := gate.Reserved(id)
	if kept == "" {
		return nil
	}
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf("%s %s has an id the approval gate keeps for %s, and a stream appended to incident %s cannot take it: the gate writes each such id once, so a record holding one first would make the gate refuse the call, or would read as the gate's",
		what, id, kept, s.res.Incident))
}

// pinsGatePolicy refuses a suggestion of a stream appended to a stored
// incident whose raw output is a gate envelope carrying a policy
// fingerprint. The fingerprint pins the policy a gated call and the
// incident's status changes are judged by (review.checkPinned,
// checkStatusPinned), so a feed that could write one would choose that
// policy, or leave no policy able to change the status. The gate's own
// import (ImportGateStream) writes it; a new incident carries its
// export's as recorded, as speaksForGate lets it.
func (s *stream) pinsGatePolicy(e *model.Event) error {
	if s.document || s.new != nil || s.byGate || e.Kind != model.KindSuggestion {
		return nil
	}
	env, ok := gate.EnvelopeOf(e.RawOutput)
	if !ok || env.Policy == "" {
		return nil
	}
	return format.ErrorAt(s.name, s.line, 0, fmt.Sprintf("suggestion %s carries the approval gate's envelope with the fingerprint of a policy, and a stream appended to incident %s cannot write one: the fingerprint says which policy decides the incident's gated calls and status changes, so only the gate writes it there",
		e.ID, s.res.Incident))
}

// gateName holds the gate's name, so that a name is compared with it by
// the name's own forms alone (alike.Same would make the gate's each time).
var gateName = sync.OnceValue(func() *alike.Index {
	var x alike.Index
	x.Add(gate.NoteActor)
	return &x
})

// longestGateAlike bounds the names compared with the gate's, so a feed's
// long free text is not walked. The comparison drops only what the
// screens show as a marker (zero-width characters) or as blank (runs of
// separators), and composing a letter with its marks turns at most a few
// characters into one, so a longer name does not draw as "signoff gate".
const longestGateAlike = 64 * len(gate.NoteActor)

// readsLikeGate says whether actor, which is not the gate's name, reads
// like it. Feeds repeat a few actors over many events, so the answers for
// the first thousand are kept for the rest of the stream.
func (s *stream) readsLikeGate(actor string) bool {
	if len(actor) > longestGateAlike {
		return false
	}
	if same, ok := s.gateAlike[actor]; ok {
		return same
	}
	_, same := gateName().Find(actor)
	if !same {
		// "signoffgate" draws the gate's name with its space left out.
		joined := strings.Map(dropSeparator, actor)
		same = alike.Same(joined, gateJoined)
	}
	if s.gateAlike == nil {
		s.gateAlike = map[string]bool{}
	}
	if len(s.gateAlike) < 1000 {
		s.gateAlike[actor] = same
	}
	return same
}

// gateJoined is the gate's name with its separators left out.
var gateJoined = strings.Map(dropSeparator, gate.NoteActor)

// dropSeparator leaves out white space and the separators alike counts as
// one kind.
func dropSeparator(r rune) rune {
	if unicode.IsSpace(r) || r == '_' || r == '.' || r == '-' {
		return -1
	}
	return r
}
