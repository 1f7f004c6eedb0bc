package model

import (
	"strings"
	"testing"
)

// Ids that differ only in letter case would show one human as two, so a
// decision's two-person rule passes with one approver, or a human as an
// agent: any two of an incident's people and agents are refused. The rest
// of the rule for ids that read alike (NFKC, the confusables skeleton)
// needs Unicode's data beyond the standard library, so the store holds
// every import to it (db/alike, db's import tests).
func TestPeopleAndAgentsWhoseIDsDifferOnlyInCaseAreRefused(t *testing.T) {
	person := func(id string) func(*Document) {
		return func(d *Document) { d.People = append(d.People, Person{ID: id, Name: "X", Authority: AuthorityHigh}) }
	}
	agent := func(id string) func(*Document) {
		return func(d *Document) { d.Agents = append(d.Agents, Agent{ID: id, Name: "X", Role: RoleTriage}) }
	}
	cases := []struct {
		name string
		add  func(*Document)
		want string
	}{
		{"two people differing in letter case", person("Alice"), `person "Alice" reads like person "alice": two people must never read as one name`},
		{"two agents differing in letter case", agent("Remediator"),
			`agent "Remediator" reads like agent "remediator": two agents must never read as one name; if both are one agent, use one id for both`},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			d := validDoc()
			person("klice")(&d)
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
