package model

import (
	"strings"
	"testing"
)

// Ids that read alike (package alike) would show one human as two, so a
// decision's two-person rule passes with one approver, or a human as an
// agent: any two of an incident's people and agents are refused.
func TestPeopleAndAgentsWhoseIDsReadAlikeAreRefused(t *testing.T) {
	person := func(id string) func(*Document) {
		return func(d *Document) { d.People = append(d.People, Person{ID: id, Name: "X", Authority: AuthorityHigh}) }
	}
	agent := func(id string) func(*Document) {
		return func(d *Document) { d.Agents = append(d.Agents, Agent{ID: id, Name: "X", Role: RoleTriage}) }
	}
	both := func(f, g func(*Document)) func(*Document) { return func(d *Document) { f(d); g(d) } }
	cases := []struct {
		name string
		add  func(*Document)
		want string
	}{
		{"a person in NFD beside the same name in NFC", both(person("jos\u00e9"), person("jose\u0301")),
			"person \"jose\u0301\" (spelt \"jose\\u0301\") reads like person \"jos\u00e9\" (spelt \"jos\\u00e9\"): two people must never read as one name; if both are one person, use one id for both"},
		{"a person with a Cyrillic а beside alice", person("\u0430lice"),
			`person "аlice" (spelt "\u0430lice") reads like person "alice": two people must never read as one name`},
		{"two people differing in letter case", person("Alice"), `person "Alice" reads like person "alice"`},
		{"a person with rn beside one with m", both(person("amie"), person("arnie")), `person "arnie" reads like person "amie"`},
		{"a person with a digit zero beside one with o", both(person("bob"), person("b0b")), `person "b0b" reads like person "bob"`},
		{"two agents differing in letter case", agent("Remediator"),
			`agent "Remediator" reads like agent "remediator": two agents must never read as one name; if both are one agent, use one id for both`},
		{"an agent with a Greek omicron beside a person", agent("b\u03bfb"), ""},
		{"an agent spelt in fullwidth letters beside a person", agent("\uff41lice"),
			`agent "ａlice" (spelt "\uff41lice") reads like person "alice": a person and an agent must never read as one name; give one of them an id that reads differently`},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			d := validDoc()
			if c.want == "" { // beside a person added for the case
				person("bob")(&d)
				c.want = `agent "bοb" (spelt "b\u03bfb") reads like person "bob"`
			}
			c.add(&d)
			err := d.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %s %q, want EINVALID mentioning %q", ErrorCode(err), err, c.want)
			}
		})
	}
}

func TestPeopleAndAgentsWhoseIDsReadDifferentlyPass(t *testing.T) {
	cases := []struct{ name, person, agent string }{
		{"a longer name", "alicia", "alice-assistant"},
		{"an accent that shows", "jos\u00e9", "jose"},
		{"another letter", "rob", "bob"},
		{"a number", "oncall-2", "oncall-1"},
	}
	for _, c := range cases {
		t.Run(c.name+" passes", func(t *testing.T) {
			d := validDoc()
			d.People = append(d.People, Person{ID: c.person, Name: "X", Authority: AuthorityLow})
			d.Agents = append(d.Agents, Agent{ID: c.agent, Name: "X", Role: RoleTriage})
			if err := d.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
