package alike

import "testing"

func TestIDsThatReadAlike(t *testing.T) {
	cases := []struct {
		name, a, b string
		same       bool
	}{
		{"one name in NFC and in NFD reads alike", "jos\u00e9", "jose\u0301", true},
		{"a Cyrillic а for a Latin a reads alike", "\u0430lice", "alice", true},
		{"ids differing in letter case read alike", "Alice", "alice", true},
		{"the Kelvin sign reads like k", "\u212aate", "kate", true},
		{"a fullwidth id reads like its ASCII form", "\uff41lice", "alice", true},
		{"rn reads like m", "arnie", "amie", true},
		{"a capital I reads like a small l", "Ian", "lan", true},
		{"a capital I still reads like a small i", "Ian", "ian", true},
		{"Greek capitals read like Latin ones", "\u039a\u039f\u03a1", "kop", true},
		{"a digit zero reads like the letter o", "b0b", "bob", true},
		{"a digit one reads like the letter l", "a1ice", "alice", true},
		{"ß reads like ss", "stra\u00dfe", "strasse", true},
		{"two different names do not", "alice", "alicia", false},
		{"an accent that shows does not", "jose", "jos\u00e9", false},
		{"numbered ids do not", "oncall-1", "oncall-2", false},
		{"a person and a namesake agent do not", "alice", "alice-bot", false},
		{"bob and rob do not", "bob", "rob", false},
		{"a trailing full stop reads like none", "alice.", "alice", true},
		{"a trailing underscore reads like none", "bob_", "bob", true},
		{"a leading space reads like none", " signoff gate", "signoff gate", true},
		{"a tab reads like a space", "signoff\tgate", "signoff gate", true},
		{"two spaces read like one", "signoff  gate", "signoff gate", true},
		{"an underscore reads like a space", "signoff_gate", "signoff gate", true},
		{"a zero-width space draws nothing", "signoff gate\u200b", "signoff gate", true},
		{"a zero-width joiner inside draws nothing", "al\u200dice", "alice", true},
		{"separators of another kind read alike", "alice.smith", "alice-smith", true},
		{"numbered incidents with separators apart do not", "SYN-11-1", "SYN-1-11", false},
		{"a separator is not nothing", "signoffgate", "signoff gate", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Same(c.a, c.b); got != c.same {
				t.Errorf("Same(%+q, %+q) = %v, want %v", c.a, c.b, got, c.same)
			}
			if got := Same(c.b, c.a); got != c.same {
				t.Errorf("Same(%+q, %+q) = %v, want %v", c.b, c.a, got, c.same)
			}
			var x Index
			x.Add(c.a)
			other, found := x.Find(c.b)
			if found != c.same || (found && other != c.a) {
				t.Errorf("Find(%+q) after Add(%+q) = %+q, %v", c.b, c.a, other, found)
			}
		})
	}
}

func TestAnIndexDoesNotFindAnIDAsReadingLikeItself(t *testing.T) {
	var x Index
	x.Add("alice")
	if other, found := x.Find("alice"); found {
		t.Errorf("Find(alice) = %q; an id is not a look-alike of itself", other)
	}
	if _, found := (&Index{}).Find("alice"); found {
		t.Error("an empty index found a look-alike")
	}
}
