package gate

import (
	"strconv"
	"strings"
	"time"
)

// The gate names what it records by rule from its suggestion's id, which
// begins SuggestionPrefix: P-<suggestion> the run of a call the policy
// pre-authorised, X-<suggestion> what a call ran (--result), and
// N-<suggestion>-<unix ms> its notes (NoteID). It writes each of these
// once, so a record that took one first would make the gate fail on that
// call, or read as the gate's own: only the gate writes them into a
// stored incident (Reserved says which ids they are).

// SuggestionPrefix begins the id of every suggestion the gate records.
const SuggestionPrefix = "S-"

// RunID is the id of the execution that records the run of suggestion's
// call, which the policy pre-authorised.
func RunID(suggestion string) string { return "P-" + suggestion }

// ResultID is the id of the execution that records what suggestion's call
// ran, as the framework reported it.
func ResultID(suggestion string) string { return "X-" + suggestion }

// Reserved names the record of the gate's that id is kept for, "" when it
// is none: the prefix of a gated suggestion after P- or X-, or a note id
// (NoteSuggestion) on such a suggestion. A suggestion's own id is not
// reserved: feeds name theirs as they please, and the gate refuses to
// take one it did not record for the same call.
func Reserved(id string) string {
	switch {
	case strings.HasPrefix(id, RunID(SuggestionPrefix)):
		return "the run of a call the policy pre-authorised (P-<suggestion>)"
	case strings.HasPrefix(id, ResultID(SuggestionPrefix)):
		return "the result of a call (X-<suggestion>)"
	case strings.HasPrefix(NoteSuggestion(id), SuggestionPrefix):
		return "its notes on a call (N-<suggestion>-<unix ms>)"
	}
	return ""
}

// FreeNoteID is note, a note id (NoteID), moved to the first millisecond
// from its own whose id taken says no record holds. A note id is kept
// once the record holds it, and the note's time is its own field, so the
// millisecond in the id only needs to be its own.
func FreeNoteID(note string, taken func(id string) bool) string {
	suggestion := NoteSuggestion(note)
	if suggestion == "" {
		return note
	}
	ms, err := strconv.ParseInt(note[len("N-")+len(suggestion)+1:], 10, 64)
	if err != nil {
		return note
	}
	for taken(note) {
		ms++
		note = NoteID(suggestion, time.UnixMilli(ms))
	}
	return note
}
