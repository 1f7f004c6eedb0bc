package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/signoff/signoff/model"
)

// A gated call is decided under the policy its gate runs with, not under
// whatever --policy the person deciding passes: a decider who chose the
// policy would choose who may approve them (docs/policy.md "Which policy
// decides"). The gate writes the fingerprint of its policy into each
// suggestion's envelope, and the decision path refuses a decision judged
// by any other policy.

// Fingerprint identifies what the policy rules, not how its file is
// written: every action type's class and tier, the tiers that need a
// signature, the [status] rule and the roster it names (as an absolute
// path, so a copy of the file beside a roster of one's own is another
// policy). Comments, order and spacing do not change it; any rule does.
func (p *Policy) Fingerprint() string {
	var b strings.Builder
	b.WriteString("signoff.policy/1\n")
	types := make([]string, 0, len(p.rules))
	for t := range p.rules {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		r := p.rules[t]
		fmt.Fprintf(&b, "action %q %s %s\n", t, r.Class, r.Tier)
	}
	signed := make([]string, len(p.signed))
	for i, t := range p.signed {
		signed[i] = string(t)
	}
	sort.Strings(signed)
	fmt.Fprintf(&b, "sign %q\n", strings.Join(signed, ","))
	fmt.Fprintf(&b, "status %t %s\n", p.status.Commander, p.status.Authority)
	if f := p.SignersFile(); f != "" {
		if abs, err := filepath.Abs(f); err == nil {
			f = abs
		}
		fmt.Fprintf(&b, "signers %q\n", f)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// ShortFingerprint is the fingerprint as sentences show it.
func ShortFingerprint(fp string) string {
	if len(fp) > len("sha256:")+12 {
		return fp[:len("sha256:")+12]
	}
	return fp
}

// checkStatusPinned refuses a status change of an incident whose agents
// are gated judged by another policy than the one the gate runs with: its
// [status] table says who may close the incident, and a close ends what
// the gate lets the incident's agents do.
func checkStatusPinned(in StatusInput) error {
	if in.GatePolicy == "" {
		return nil
	}
	if mine := in.Policy.Fingerprint(); mine != in.GatePolicy {
		return model.Errorf(model.EFORBIDDEN, "%s has calls recorded by the gate under policy %s (%s), so its status is changed under that policy only; this change was judged by policy %s (%s) and was not recorded: change it with --policy naming the file the gate runs with",
			in.Incident.ID, model.Quote(in.GatePolicyName), ShortFingerprint(in.GatePolicy), model.Quote(in.Policy.Name()), ShortFingerprint(mine))
	}
	return nil
}
