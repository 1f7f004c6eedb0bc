package model

// NameClash refuses a person or an agent (what, id, named name) whose
// display name reads like (db/alike) the display name or the id of another
// person or agent of the incident (other, otherID, named otherName), or
// whose id reads like the other's display name: byName says the new
// party's name (else its id) is what reads alike, otherByName the other's
// name (else its id). The reports and screens lead with the name, so
// "Dave Okafor (mallory)" would pass for "Dave Okafor (dave)", and an
// agent named "alice" for the person alice. Every id and name is attacker
// text that looks like another by definition, so each is shown quoted
// and, when it is not ASCII, spelt out in escapes too.
func NameClash(what, id, name string, byName bool, other, otherID, otherName string, otherByName bool) error {
	mine := "named " + Spelt(name) + ", a name"
	if !byName {
		mine = "named " + Spelt(name) + ", has an id"
	}
	theirs := "the name of " + other + " " + Spelt(otherID)
	if !otherByName {
		theirs = "the id of " + other + " " + Spelt(otherID)
	}
	why := "a person and an agent must never pass for one another"
	if what == other {
		why = "two " + plural(what) + " must never pass for one another"
	}
	return invalid("%s %s, %s that reads like %s, named %s: the reports and screens lead with the name, and %s; give them names that tell them apart (and ids that read differently from either's name); %s",
		what, Spelt(id), mine, theirs, Spelt(otherName), why, carriedNames)
}

// carriedNames tells whoever imports the export of an incident stored
// before names were held to the rule the route that keeps it whole.
const carriedNames = `a database holding such names from before they were refused moves, as stored, with "signoff copy"`
