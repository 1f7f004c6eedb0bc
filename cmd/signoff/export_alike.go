package main

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/model"
)

// lookAlikeNote is what export says on stderr of an incident that holds
// ids that read alike, or "" when it holds none. People or agents among
// them were stored before the rule refused them (or by another program):
// the export stays the record as stored, and the note says that import
// will refuse it and what will carry it, before the team tries to move it.
// Assets were never refused; they are named because they show alike.
func lookAlikeNote(incident string, r model.Roster) string {
	kind := map[string]string{}
	var who []string
	for _, p := range r.People {
		kind[p.ID], who = "person", append(who, p.ID)
	}
	for _, a := range r.Agents {
		kind[a.ID], who = "agent", append(who, a.ID)
	}
	var pairs []string
	for _, id := range who {
		if first := r.Alike.Who.One(id); first != id {
			pairs = append(pairs, fmt.Sprintf("%s %s reads like %s %s", kind[id], model.Spelt(id), kind[first], model.Spelt(first)))
		}
	}
	people := len(pairs) > 0
	for _, a := range r.Assets {
		if first := r.Alike.Assets.One(a.ID); first != a.ID {
			pairs = append(pairs, fmt.Sprintf("asset %s reads like asset %s", model.Spelt(a.ID), model.Spelt(first)))
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	note := fmt.Sprintf("%s holds ids that read alike: %s.", incident, strings.Join(pairs, "; "))
	if people {
		note += ` Its people or agents that read alike were stored before signoff refused them: the export is the record as stored, but "signoff import" will refuse this document; "signoff copy" moves the whole database as stored.`
	}
	return note
}
