package alike

import "github.com/signoff/signoff/model"

// InRoster finds a person or agent of the roster, other than id, whose id
// reads like id, and says which kind it is.
func InRoster(r model.Roster, id string) (kind, other string, ok bool) {
	for _, p := range r.People {
		if p.ID != id && Same(p.ID, id) {
			return "person", p.ID, true
		}
	}
	for _, a := range r.Agents {
		if a.ID != id && Same(a.ID, id) {
			return "agent", a.ID, true
		}
	}
	return "", "", false
}
