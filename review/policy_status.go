package review

import (
	"fmt"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/signoff/signoff/model"
)

// StatusRule says who may change an incident's status (the policy file's
// [status] table): the incident's commander when Commander is set, and
// every person with at least Authority. An agent never may.
type StatusRule struct {
	Commander bool
	Authority model.Authority
}

// defaultStatusRule is the rule of a policy without a [status] table.
var defaultStatusRule = StatusRule{Commander: true, Authority: model.AuthorityHigh}

// statusSection is the TOML shape of [status]; a missing key keeps the
// default.
type statusSection struct {
	Commander *bool   `toml:"commander"`
	Authority *string `toml:"authority"`
}

// statusRule reads [status], naming the line of a bad value.
func statusRule(name string, data []byte, sec *statusSection) (StatusRule, error) {
	r := defaultStatusRule
	if sec == nil {
		return r, nil
	}
	if sec.Commander != nil {
		r.Commander = *sec.Commander
	}
	if sec.Authority != nil {
		a := model.Authority(*sec.Authority)
		if !a.Valid() {
			return r, policyErr(name, keyLine(data, "status", "authority"), "[status] authority %s is not none, low, medium or high", model.Quote(*sec.Authority))
		}
		r.Authority = a
	}
	return r, nil
}

// StatusRule is who the policy lets change an incident's status.
func (p *Policy) StatusRule() StatusRule { return p.status }

// MayChangeStatus reports whether person may change the status of an
// incident whose commander is commander.
func (r StatusRule) MayChangeStatus(person *model.Person, commander string) bool {
	if person == nil {
		return false
	}
	if r.Commander && commander != "" && person.ID == commander {
		return true
	}
	return person.Authority.Valid() && person.Authority.Rank() >= r.Authority.Rank()
}

// Who says in words who the rule allows, naming the commander.
func (r StatusRule) Who(commander string) string {
	people := "people with authority " + string(r.Authority)
	if r.Authority != model.AuthorityHigh {
		people += " or more"
	}
	if r.Authority == model.AuthorityNone {
		people = "every person of the incident"
	}
	if r.Commander && commander != "" {
		return fmt.Sprintf("its commander (%s) and %s", commander, people)
	}
	return people
}

// keyLine is the line where table.key is set, or 0 when it is not found.
func keyLine(data []byte, table, key string) int {
	var p unstable.Parser
	p.Reset(data)
	var current []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			current = keyParts(e.Key())
		case unstable.KeyValue:
			path := append(append([]string{}, current...), keyParts(e.Key())...)
			if len(path) == 2 && path[0] == table && path[1] == key {
				return lineOf(data, e)
			}
		}
	}
	return 0
}
