package alike

import "testing"

func TestPartiesFindNamesThatReadLikeAnotherPartysNameOrID(t *testing.T) {
	var p Parties
	alice := Party{Kind: "person", ID: "alice", Name: "Alice Moreau"}
	p.Add(alice)
	p.Add(Party{Kind: "agent", ID: "remediator", Name: "Remediation assistant"})
	cases := []struct {
		name              string
		x                 Party
		found             bool
		other             string
		byName, otherName bool
	}{
		{"a name like a name", Party{"person", "mallory", "alice  moreau"}, true, "alice", true, true},
		{"a name like an id", Party{"agent", "helper", "ALICE"}, true, "alice", true, false},
		{"an id like a name", Party{"person", "remediation.assistant", "Rem"}, true, "remediator", false, true},
		{"a name with a Cyrillic letter", Party{"person", "x", "\u0410lice Moreau"}, true, "alice", true, true},
		{"a name that tells them apart", Party{"person", "alicia", "Alicia Moreau"}, false, "", false, false},
		{"a party named as its own id", Party{"person", "bob", "bob"}, false, "", false, false},
		{"a name of separators only reads like no one", Party{"person", "dot", " . "}, false, "", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := p.Find(c.x)
			if ok != c.found || got.Other.ID != c.other || got.ByName != c.byName || got.OtherName != c.otherName {
				t.Errorf("Find(%+q) = %+v, %v; want %q by name %v, other's name %v, found %v", c.x, got, ok, c.other, c.byName, c.otherName, c.found)
			}
		})
	}
	if _, ok := p.Find(alice); ok {
		t.Error("a party was found reading like itself")
	}
}
