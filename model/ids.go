package model

import (
	"strconv"
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
// "CLAUDE" and "claude" (and the Kelvin sign and k) fold alike. It is the
// part of the rule for ids that read alike (db/alike) that the standard
// library can tell, so a document is held to it wherever it is read.
func FoldID(id string) string {
	var b strings.Builder
	b.Grow(len(id))
	for _, r := range id {
		b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
	}
	return b.String()
}

// WhoClash refuses a person or an agent (what, id) whose id reads like
// (db/alike, or FoldID where only the standard library may be used) the id of another person or agent (other, otherID).
// Both ids are attacker text and look alike by definition, so each is
// shown quoted and, when it is not ASCII, spelt out in escapes too.
func WhoClash(what, id, other, otherID string) error {
	why, same := "a person and an agent must never read as one name", "give one of them an id that reads differently"
	if what == other {
		why = "two " + plural(what) + " must never read as one name"
		same = "if both are one " + what + ", use one id for both; otherwise " + same
	}
	return invalid("%s %s reads like %s %s: %s; %s; %s", what, Spelt(id), other, Spelt(otherID), why, same, carried)
}

// carried tells whoever imports the export of an incident stored before
// the rule, which holds such a pair, the route that keeps it whole.
const carried = `a database holding such ids from before they were refused moves, as stored, with "signoff copy"`

func plural(what string) string {
	if what == "person" {
		return "people"
	}
	return what + "s"
}

// Spelt is an id as Quote shows it, followed when it is not plain ASCII
// by its escaped spelling, which tells "josé" from "jose\u0301": how a
// sentence names an id that reads like another.
func Spelt(id string) string {
	q := Quote(id)
	ascii := strconv.QuoteToASCII(id)
	if ascii == strconv.Quote(id) {
		return q
	}
	if len(ascii) > 6*quoteRunes {
		ascii = ascii[:6*quoteRunes] + "…"
	}
	return q + " (spelt " + ascii + ")"
}

// ActsAsLookAlike refuses someone acting as id (--as, or the person the
// allowed-signers roster names), which is no person of the incident but
// reads like its kind id other: "josé" typed in NFD for the "josé" stored
// in NFC. Taking it for the stored person would let a name that merely
// looks like someone act as them; "not a person" alone would baffle
// whoever sees the two as one name.
func ActsAsLookAlike(id, incident, kind, other string) error {
	return Errorf(EFORBIDDEN, "%s is not a person of incident %s, though it reads like its %s %s; two people must never read as one name, so act as the person exactly as the incident spells them", Spelt(id), incident, kind, Spelt(other))
}

// IncidentClash refuses an incident whose id reads like (db/alike) the id
// of another incident: the two would print as one everywhere an id is
// shown, and a decision or approval could land on the decoy.
func IncidentClash(id, otherID string) error {
	return invalid("incident %s reads like incident %s: two incidents must never read as one id, or a decision or approval may land on the wrong one; give this incident an id that reads differently; %s", Spelt(id), Spelt(otherID), carried)
}
