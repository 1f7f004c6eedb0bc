package model

import (
	"context"
	"strings"
	"time"
)

// What an analyst's shift adds to the queue: claims on items and hand-off
// notes for the next shift.

// Claim says a person is working on a pending item ("I'm on it"). It is not
// a decision and does not stop anyone deciding: it tells others who holds
// the item and since when, and it lapses at Until. Claims are coordination,
// kept outside the audit chain (docs/DECISIONS.md says why).
type Claim struct {
	Incident   string    `json:"incident"`
	Suggestion string    `json:"suggestion"`
	Person     string    `json:"person"`
	Since      time.Time `json:"since"`
	Until      time.Time `json:"until"`
}

// MaxClaim bounds how long one claim holds: a claim says "I'm on it" for
// a shift at most, and the holder renews it by claiming again. Held for
// years, it would keep everyone else from claiming an item its holder
// has long left (and a length past the year 2262 overflows the store's
// time, so the claim that was reported held would not be).
const MaxClaim = 12 * time.Hour

// Key names the claimed item as INCIDENT/ID.
func (c Claim) Key() string { return c.Incident + "/" + c.Suggestion }

// Live reports whether the claim still holds at now.
func (c Claim) Live(now time.Time) bool { return now.Before(c.Until) }

// HandoffNote is a note for the next shift about one incident. Notes are
// append-only and named: each is a record of the audit chain.
type HandoffNote struct {
	Incident string    `json:"incident"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
	Text     string    `json:"text"`
}

// MaxHandoffNote bounds a note: a hand-off is a few sentences, not a file.
const MaxHandoffNote = 4000

// Validate checks a note before it is recorded.
func (n *HandoffNote) Validate() error {
	if !ValidID(n.Incident) {
		return invalid("%s is not an incident id", Quote(n.Incident))
	}
	if err := badText("the hand-off note for "+n.Incident, n); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(n.By) == "":
		return invalid("a hand-off note needs its author: give --as PERSON")
	case Blank(n.Text):
		return invalid("the hand-off note for %s is empty: say what the next shift needs to know", n.Incident)
	case len(n.Text) > MaxHandoffNote:
		return invalid("the hand-off note for %s is %d bytes; keep it under %d", n.Incident, len(n.Text), MaxHandoffNote)
	}
	return nil
}

// ShiftStore is what claims and hand-off notes are kept with.
type ShiftStore interface {
	// Claim marks a pending item as held by person until now+ttl. A live
	// claim by someone else is ECONFLICT naming them; the holder's own
	// claim is renewed. Only a person of the incident can claim.
	Claim(ctx context.Context, incident, suggestion, person string, ttl time.Duration) (Claim, error)
	// Release ends person's live claim on an item (ENOTFOUND when they
	// hold none).
	Release(ctx context.Context, incident, suggestion, person string) error
	// AddHandoffNote records a note as its author, who must be a person
	// of the incident (EFORBIDDEN otherwise), at the store's time.
	AddHandoffNote(ctx context.Context, n HandoffNote) (HandoffNote, error)
	// HandoffNotes returns an incident's notes, newest first, at most limit.
	HandoffNotes(ctx context.Context, incident string, limit int) ([]HandoffNote, error)
}
