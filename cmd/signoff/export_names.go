package main

import (
	"fmt"
	"strings"

	"github.com/signoff/signoff/db/alike"
	"github.com/signoff/signoff/model"
)

// namesAlikeNote is what export says on stderr of an incident whose people
// or agents have display names that read like another's name or id
// (alike.Parties), or "" when none do. Import refuses such a pair now;
// one stored before it did stays as recorded, so the export is the record
// as stored and the note says that import will refuse it, and what will
// carry it, before the team tries to move it.
func namesAlikeNote(incident string, r model.Roster) string {
	var known alike.Parties
	var pairs []string
	add := func(x alike.Party) {
		if c, ok := known.Find(x); ok {
			mine, theirs := "name", "name"
			if !c.ByName {
				mine = "id"
			}
			if !c.OtherName {
				theirs = "id"
			}
			pairs = append(pairs, fmt.Sprintf("the %s of %s %s (named %s) reads like the %s of %s %s (named %s)",
				mine, x.Kind, model.Spelt(x.ID), model.Spelt(x.Name), theirs, c.Other.Kind, model.Spelt(c.Other.ID), model.Spelt(c.Other.Name)))
		}
		known.Add(x)
	}
	for _, p := range r.People {
		add(alike.Party{Kind: "person", ID: p.ID, Name: p.Name})
	}
	for _, a := range r.Agents {
		add(alike.Party{Kind: "agent", ID: a.ID, Name: a.Name})
	}
	if len(pairs) == 0 {
		return ""
	}
	return fmt.Sprintf(`%s holds people or agents whose names read alike: %s. They were stored before signoff refused them: the export is the record as stored, but "signoff import" will refuse this document until they have names that tell them apart; "signoff copy" moves the whole database as stored.`,
		incident, strings.Join(pairs, "; "))
}
