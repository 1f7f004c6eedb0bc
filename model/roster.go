package model

import "github.com/signoff/signoff/model/alike"

// RosterIndex finds an incident's people, agents and assets by id.
type RosterIndex struct {
	People map[string]Person
	Agents map[string]Agent
	Assets map[string]Asset
}

// Index builds the lookup maps of the roster.
func (r Roster) Index() RosterIndex {
	x := RosterIndex{People: make(map[string]Person, len(r.People)), Agents: make(map[string]Agent, len(r.Agents)),
		Assets: make(map[string]Asset, len(r.Assets))}
	for _, p := range r.People {
		x.People[p.ID] = p
	}
	for _, a := range r.Agents {
		x.Agents[a.ID] = a
	}
	for _, a := range r.Assets {
		x.Assets[a.ID] = a
	}
	return x
}

// LookAlike finds a person or agent of the roster, other than id, whose
// id reads like id (package alike), and says which kind it is.
func (r Roster) LookAlike(id string) (kind, other string, ok bool) {
	for _, p := range r.People {
		if p.ID != id && alike.Same(p.ID, id) {
			return "person", p.ID, true
		}
	}
	for _, a := range r.Agents {
		if a.ID != id && alike.Same(a.ID, id) {
			return "agent", a.ID, true
		}
	}
	return "", "", false
}
