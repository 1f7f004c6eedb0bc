package alike

import "github.com/signoff/signoff/model"

// LookAlikes finds the ids of a roster that read like another of their
// kind: its people and agents (people first, then agents, each in the
// roster's order, which the store keeps as recorded) and, apart, its
// assets. Imports refuse such people and agents, but an incident stored
// before they did, or written by another program, may hold them.
func LookAlikes(r model.Roster) model.LookAlikes {
	var who, assets []string
	for _, p := range r.People {
		who = append(who, p.ID)
	}
	for _, a := range r.Agents {
		who = append(who, a.ID)
	}
	for _, a := range r.Assets {
		assets = append(assets, a.ID)
	}
	return model.LookAlikes{Who: Twins(who), Assets: Twins(assets)}
}

// Twins maps each id of ids that reads like an earlier one, and that
// earlier one, to the first of their group. Reading alike need not be
// transitive (two forms are compared), so an id joins the group of the
// first id it reads like.
func Twins(ids []string) model.Twins {
	var x Index
	var t model.Twins
	for _, id := range ids {
		if other, ok := x.Find(id); ok {
			if t == nil {
				t = model.Twins{}
			}
			first := t.One(other)
			t[first], t[id] = first, first
		}
		x.Add(id)
	}
	return t
}
