package gate

import (
	"fmt"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// The note the gate writes when it answers its agent without a decision
// (its --wait ran out, or it was stopped) is how the record, and the
// queue reading it, knows no agent waits for that suggestion any more.
// Its id names the suggestion and its summary says how the gate ended;
// both are written and read here only, so they cannot drift apart. A gate
// run again for the same call notes that it waits again: the latest of
// these notes on a suggestion says whether a gate still waits on it.

// NoteActor is the actor of the gate's notes.
const NoteActor = "signoff gate"

// Told is what the agent was told when nobody decided.
type Told string

const (
	ToldNo      Told = "told no"
	ToldAskUser Told = "told to ask its user"
)

// NoteID is the id of the note that says what the agent asking for
// suggestion was told, at.
func NoteID(suggestion string, at time.Time) string {
	return fmt.Sprintf("N-%s-%d", suggestion, at.UnixMilli())
}

// NoteSuggestion is the suggestion a note id made by NoteID names, "" when
// id is not such an id.
func NoteSuggestion(id string) string {
	rest, ok := strings.CutPrefix(id, "N-")
	cut := strings.LastIndexByte(rest, '-')
	if !ok || cut < 1 || cut == len(rest)-1 {
		return ""
	}
	for _, c := range rest[cut+1:] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return rest[:cut]
}

// TimedOutNote is the summary of the note a gate writes when --wait ran out.
func TimedOutNote(suggestion string, wait time.Duration, agent string, f Format, told Told) string {
	return fmt.Sprintf("No decision on %s within %s: agent %s (%s) was %s", suggestion, Duration(wait), agent, f.Framework(), told)
}

// StoppedNote is the summary of the note a gate writes when it is stopped.
func StoppedNote(suggestion, agent string, f Format) string {
	return fmt.Sprintf("The gate waiting on %s was stopped before anyone decided; agent %s (%s) was %s", suggestion, agent, f.Framework(), ToldNo)
}

// stillWaits ends the note of a gate stopped while another gate, asked
// again for the same call, still waits on the suggestion: the note says
// what this gate's agent was told, and reads as a gate that waits.
const stillWaits = "; another gate asked for the same call still waits on it"

// StoppedNoteFor is the summary of the note a gate stopped before it
// answered writes on suggestion. decision is the decision that landed
// before the note (nil while none): the gate was stopped all the same and
// does not answer with it, and the note says so, so an approval it does
// not run never reads as one it ran. othersWait: another gate asked again
// for the call still waits on it (Waiting), so the note does not mark the
// suggestion as answered.
func StoppedNoteFor(suggestion, agent string, f Format, decision *model.Event, othersWait bool) string {
	s := StoppedNote(suggestion, agent, f)
	if decision != nil {
		s = fmt.Sprintf("The gate waiting on %s was stopped as %s (%s by %s) landed, before it answered with it; agent %s (%s) was %s, and %s was not run by this gate",
			suggestion, decision.ID, decision.Outcome, decision.Owner, agent, f.Framework(), ToldNo, decision.ID)
	}
	if othersWait {
		s += stillWaits
	}
	return s
}

// AskedAgainNote is the summary of the note a gate run again for a call
// whose suggestion nobody has decided writes before it waits: whatever an
// earlier gate told the agent, a gate waits on the suggestion now.
func AskedAgainNote(suggestion, agent string, f Format) string {
	return fmt.Sprintf("Agent %s (%s) asked again for %s; the gate waits on it again", agent, f.Framework(), suggestion)
}

// EndOf reads note as the gate's note on suggestion: how the gate ended
// and when, or nil when note is not one the gate wrote on it to say so.
func EndOf(note model.Event, suggestion string) *model.GateEnd {
	end, _ := ReadNote(note, suggestion)
	return end
}

// ReadNote reads note as one of the gate's notes on suggestion: known is
// false for any other event; end is how the gate ended, nil for the note
// of a gate that waits on it again, or of one stopped while another waits.
func ReadNote(note model.Event, suggestion string) (end *model.GateEnd, known bool) {
	switch kindOf(note, suggestion) {
	case noteAskedAgain, noteStoppedOthersWait, noteStoppedDecided:
		return nil, true
	case noteStopped:
		return &model.GateEnd{How: model.GateStopped, At: note.At}, true
	case noteTimedOutNo:
		return &model.GateEnd{How: model.GateTimedOut, At: note.At}, true
	case noteTimedOutAskUser:
		return &model.GateEnd{How: model.GateTimedOut, At: note.At, AskedUser: true}, true
	}
	return nil, false
}

// noteKind is which of the gate's notes an event is.
type noteKind int

const (
	noteOther noteKind = iota
	noteAskedAgain
	noteStopped
	noteStoppedOthersWait
	noteStoppedDecided
	noteTimedOutNo
	noteTimedOutAskUser
)

func kindOf(note model.Event, suggestion string) noteKind {
	if note.Kind != model.KindNote || note.Actor != NoteActor || suggestion == "" || NoteSuggestion(note.ID) != suggestion {
		return noteOther
	}
	s := note.Summary
	if strings.HasPrefix(s, "Agent ") && strings.HasSuffix(s, ") asked again for "+suggestion+"; the gate waits on it again") {
		return noteAskedAgain
	}
	waits := strings.HasSuffix(s, stillWaits)
	s = strings.TrimSuffix(s, stillWaits)
	switch {
	case strings.HasPrefix(s, "The gate waiting on "+suggestion+" was stopped before anyone decided; agent ") &&
		strings.HasSuffix(s, " was "+string(ToldNo)):
		if waits {
			return noteStoppedOthersWait
		}
		return noteStopped
	case strings.HasPrefix(s, "The gate waiting on "+suggestion+" was stopped as ") && strings.HasSuffix(s, " was not run by this gate"):
		return noteStoppedDecided
	case waits:
		return noteOther
	case strings.HasPrefix(s, "No decision on "+suggestion+" within "):
		if strings.HasSuffix(s, " was "+string(ToldNo)) {
			return noteTimedOutNo
		}
		if strings.HasSuffix(s, " was "+string(ToldAskUser)) {
			return noteTimedOutAskUser
		}
	}
	return noteOther
}

// Waiting counts the gates that wait on suggestion by the gate's notes on
// it, in the order recorded: the gate that recorded it, and one for each
// gate that noted it was asked again, less one for each that noted it
// was stopped. A wait that runs out needs no count: every gate on a
// suggestion waits until its expiry, so past it none waits. A gate killed
// outright writes nothing and is counted as waiting, as it shows: signoff
// does not guess that a gate is gone.
func Waiting(notes []model.Event, suggestion string) int {
	n := 1
	for _, e := range notes {
		switch kindOf(e, suggestion) {
		case noteAskedAgain:
			n++
		case noteStopped, noteStoppedOthersWait, noteStoppedDecided:
			n--
		}
	}
	return max(n, 0)
}

// Latest is what the latest of the gate's notes on suggestion says: how
// the gate ended, nil while a gate waits on it (or none wrote a note).
func Latest(notes []model.Event, suggestion string) *model.GateEnd {
	for i := len(notes) - 1; i >= 0; i-- {
		if end, known := ReadNote(notes[i], suggestion); known {
			return end
		}
	}
	return nil
}
