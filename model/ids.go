package model

import "strings"

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
