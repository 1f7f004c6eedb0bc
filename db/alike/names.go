package alike

// Party is a person or an agent of an incident, as Parties holds it.
type Party struct {
	Kind string // "person" or "agent"
	ID   string
	Name string // the display name
}

// Clash is what Parties.Find found: the party another reads like, and
// which of the two's forms read alike (the display name or the id of
// each).
type Clash struct {
	Other     Party
	ByName    bool // the new party's display name (else its id) reads alike
	OtherName bool // the other's display name (else its id) reads alike
}

// Parties holds the people and agents of an incident by id and by display
// name, so that a new one whose name reads like another's name or id, or
// whose id reads like another's name, is found: the reports and screens
// lead with the name, so "Dave Okafor (mallory)" beside "Dave Okafor
// (dave)", or an agent named "alice", would pass one for the other. Ids
// that read like ids are Index's to find. The zero value is ready to use.
type Parties struct {
	ids, names table[Party]
}

// Add records a party; a form that reads like one already added keeps the
// first.
func (p *Parties) Add(x Party) {
	put(&p.ids, x.ID, x)
	put(&p.names, x.Name, x)
}

func put(t *table[Party], s string, x Party) {
	if k, ok := nameKeys(s); ok {
		t.add(k, x)
	}
}

// Find returns a party added earlier, other than x itself, whose name
// reads like x's name or id, or whose id reads like x's name: the name
// first, against names, then ids; then x's id against names.
func (p *Parties) Find(x Party) (Clash, bool) {
	for _, c := range []struct {
		s                 string
		in                *table[Party]
		byName, otherName bool
	}{{x.Name, &p.names, true, true}, {x.Name, &p.ids, true, false}, {x.ID, &p.names, false, true}} {
		if other, ok := lookup(c.in, c.s, x.ID); ok {
			return Clash{Other: other, ByName: c.byName, OtherName: c.otherName}, true
		}
	}
	return Clash{}, false
}

func lookup(t *table[Party], s, self string) (Party, bool) {
	k, ok := nameKeys(s)
	if !ok {
		return Party{}, false
	}
	return t.find(k, func(other Party) bool { return other.ID == self })
}

// nameKeys are keys of s, unless s draws nothing but separators (a name
// of spaces reads like no name, not like another's).
func nameKeys(s string) ([2]string, bool) {
	k := keys(s)
	return k, k[0] != "" && k[1] != ""
}
