package model

// RosterIndex finds an incident's people, agents and assets by id.
type RosterIndex struct {
	People map[string]Person
	Agents map[string]Agent
	Assets map[string]Asset
	Alike  LookAlikes // as the roster holds it
}

// Index builds the lookup maps of the roster.
func (r Roster) Index() RosterIndex {
	x := RosterIndex{People: make(map[string]Person, len(r.People)), Agents: make(map[string]Agent, len(r.Agents)),
		Assets: make(map[string]Asset, len(r.Assets)), Alike: r.Alike}
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
