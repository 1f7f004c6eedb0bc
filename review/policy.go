// Package review is signoff's accountability logic: the policy, review
// steps, proposed verdicts, findings and the report. Everything here is a
// pure function over model values: no clock, no database.
package review

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// Rule is what the policy says about one action type.
type Rule struct {
	Class model.ActionClass
	Tier  model.Tier
}

// Policy gives every action type a class and an impact tier (SPEC.md "Policy").
type Policy struct {
	name  string
	rules map[string]Rule
	// signed lists the tiers whose decisions must carry the person's
	// signature (require_signature).
	signed []model.Tier
	// signers is the allowed-signers roster the file names, as written;
	// roster is that file once the caller has read it (policy_signers.go).
	signers string
	roster  *signing.Roster
	status  StatusRule
}

// unknownRule is SPEC.md's rule for action types the policy does not list.
var unknownRule = Rule{Class: model.ClassContainment, Tier: model.TierHigh}

//go:embed default_policy.toml
var defaultPolicyTOML string

// DefaultPolicy returns the bundled policy, parsed once; a Policy is never
// changed after loading, so callers share it. It panics only if the
// embedded file is broken, which the tests rule out.
func DefaultPolicy() *Policy { return defaultPolicy() }

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := LoadPolicy(strings.NewReader(defaultPolicyTOML), "default_policy.toml")
	if err != nil {
		panic(fmt.Sprintf("review: the embedded default policy is broken: %v", err))
	}
	return p
})

// Name is the file the policy came from.
func (p *Policy) Name() string { return p.name }

// RequiresSignature reports whether the policy refuses an unsigned
// decision of tier t.
func (p *Policy) RequiresSignature(t model.Tier) bool { return slices.Contains(p.signed, t) }

// SignedTiers lists the tiers whose decisions must be signed.
func (p *Policy) SignedTiers() []model.Tier { return p.signed }

// Rule returns the rule for an action type and whether the policy lists it.
func (p *Policy) Rule(actionType string) (Rule, bool) {
	r, ok := p.rules[actionType]
	return r, ok
}

// Classify returns the class and tier of an action on target (nil when the
// action names no asset). An unknown type is high containment; containment
// on a privileged asset moves up one tier, and critical stays critical.
func (p *Policy) Classify(a model.Action, target *model.Asset) (model.ActionClass, model.Tier) {
	r, ok := p.rules[a.Type]
	if !ok {
		r = unknownRule
	}
	if r.Class == model.ClassContainment && target != nil && target.Privileged {
		r.Tier = stepUp(r.Tier)
	}
	return r.Class, r.Tier
}

func stepUp(t model.Tier) model.Tier {
	switch t {
	case model.TierLow:
		return model.TierMedium
	case model.TierMedium:
		return model.TierHigh
	default:
		return model.TierCritical
	}
}

// ApprovalsNeeded is how many distinct human approvals a tier needs; the
// decision owner counts as one.
func ApprovalsNeeded(t model.Tier) int {
	switch t {
	case model.TierLow:
		return 0
	case model.TierCritical:
		return 2
	default:
		return 1
	}
}

// AuthorityNeeded is the authority every owner and approver of a tier needs.
func AuthorityNeeded(t model.Tier) model.Authority {
	switch t {
	case model.TierLow:
		return model.AuthorityNone
	case model.TierMedium:
		return model.AuthorityMedium
	default:
		return model.AuthorityHigh
	}
}

// HasAuthority reports whether authority a is enough to own or approve tier t.
func HasAuthority(a model.Authority, t model.Tier) bool {
	return a.Valid() && a.Rank() >= AuthorityNeeded(t).Rank()
}

// Requirement says in words what a tier needs.
func Requirement(t model.Tier) string {
	switch t {
	case model.TierLow:
		return "low: nothing, pre-authorised"
	case model.TierMedium:
		return "medium: one human approval with authority medium or high"
	case model.TierHigh:
		return "high: one human approval with authority high"
	case model.TierCritical:
		return "critical: two distinct people with authority high"
	}
	return fmt.Sprintf("%q: not a tier", string(t))
}
