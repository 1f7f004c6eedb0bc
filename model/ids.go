package model

import (
	"strings"
	"unicode"
)

// EventRef names an event: Incident is empty when the user gave a bare id,
// which the store resolves when it is unique in the database.
type EventRef struct {
	Incident string
	ID       string
}

// ParseEventRef reads "INCIDENT/ID" or a bare "ID".
func ParseEventRef(s string) (EventRef, error) {
	inc, id, qualified := strings.Cut(s, "/")
	if !qualified {
		inc, id = "", s
	}
	if (qualified && !ValidID(inc)) || !ValidID(id) {
		return EventRef{}, invalid("%q is not an event id: expected ID or INCIDENT/ID", s)
	}
	return EventRef{Incident: inc, ID: id}, nil
}

func (r EventRef) String() string {
	if r.Incident == "" {
		return r.ID
	}
	return r.Incident + "/" + r.ID
}

// FoldID is an id as it reads on a screen, letter case aside: Go's simple
// case folding, each character through upper case and back, so "Claude",
// "CLAUDE" and "claude" (and the Kelvin sign and k) fold alike. A person
// and an agent whose ids fold alike would pass a human's decision off as
// the AI's or the reverse, so they are refused.
func FoldID(id string) string {
	var b strings.Builder
	b.Grow(len(id))
	for _, r := range id {
		b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
	}
	return b.String()
}

// WhoClash refuses a person or an agent (what, id) whose id folds like
// the id of one of the other kind (other, otherID).
func WhoClash(what, id, other, otherID string) error {
	return invalid("%s %s: the id differs from %s %s only in letter case; a person and an agent must never read as one name", what, id, other, otherID)
}
