package queue

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// Filter narrows the queue for a shift. Every part that is set must match,
// so parts combine: incident, tiers (any of them), target asset, agent, and
// "mine" (the items the person at the keyboard holds a claim on).
type Filter struct {
	Incident string
	Tiers    []model.Tier
	Asset    string
	Agent    string
	Mine     bool
}

// FilterHelp is what the filter prompt offers.
const FilterHelp = "incident:ID tier:high,critical asset:ID agent:ID mine"

// ParseFilter reads the filter the person typed: space-separated parts,
// each incident:ID (or inc:), tier:T[,T…], asset:ID, agent:ID or mine.
func ParseFilter(s string) (Filter, error) {
	var f Filter
	for _, part := range strings.Fields(s) {
		name, value, hasValue := strings.Cut(part, ":")
		name = strings.ToLower(name)
		if name == "mine" && !hasValue {
			f.Mine = true
			continue
		}
		if !hasValue || value == "" {
			return f, fmt.Errorf("%q is not a filter; use %s", part, FilterHelp)
		}
		switch name {
		case "incident", "inc":
			f.Incident = value
		case "tier":
			for _, t := range strings.Split(value, ",") {
				tier := model.Tier(strings.ToLower(t))
				if !tier.Valid() {
					return f, fmt.Errorf("tier %q is not low, medium, high or critical", t)
				}
				if !slices.Contains(f.Tiers, tier) {
					f.Tiers = append(f.Tiers, tier)
				}
			}
		case "asset":
			f.Asset = value
		case "agent":
			f.Agent = value
		default:
			return f, fmt.Errorf("%q is not a filter; use %s", part, FilterHelp)
		}
	}
	return f, nil
}

// Empty reports whether the filter lets everything through.
func (f Filter) Empty() bool {
	return f.Incident == "" && len(f.Tiers) == 0 && f.Asset == "" && f.Agent == "" && !f.Mine
}

// String is the filter as it can be typed again.
func (f Filter) String() string {
	var parts []string
	if f.Incident != "" {
		parts = append(parts, "incident:"+f.Incident)
	}
	if len(f.Tiers) > 0 {
		var ts []string
		for _, t := range f.Tiers {
			ts = append(ts, string(t))
		}
		parts = append(parts, "tier:"+strings.Join(ts, ","))
	}
	if f.Asset != "" {
		parts = append(parts, "asset:"+f.Asset)
	}
	if f.Agent != "" {
		parts = append(parts, "agent:"+f.Agent)
	}
	if f.Mine {
		parts = append(parts, "mine")
	}
	return strings.Join(parts, " ")
}

// Match reports whether an item passes; claims are the live claims by
// item key, person the one at the keyboard.
func (f Filter) Match(it *model.PendingItem, claims map[string]model.Claim, person string, now time.Time) bool {
	switch {
	case f.Incident != "" && it.Incident != f.Incident:
		return false
	case len(f.Tiers) > 0 && !slices.Contains(f.Tiers, it.Tier):
		return false
	case f.Asset != "" && it.Action.Target != f.Asset:
		return false
	case f.Agent != "" && it.Agent != f.Agent:
		return false
	case f.Mine:
		c, ok := claims[it.Key()]
		return ok && c.Person == person && c.Live(now)
	}
	return true
}
