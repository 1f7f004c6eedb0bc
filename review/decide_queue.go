package review

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/signoff/signoff/model"
)

// SortQueue classifies every item under the policy and orders the queue:
// items whose gate still waits (or that have none) before those whose gate
// stopped waiting, then tier (critical first), then the AI's rank (1
// first, unranked last), then age (oldest first), then incident and id so
// the order is total.
func SortQueue(p *Policy, items []model.PendingItem) {
	for i := range items {
		items[i].Class, items[i].Tier = p.Classify(items[i].Action, items[i].Target)
	}
	sort.SliceStable(items, func(i, j int) bool { return compareQueued(&items[i], &items[j]) < 0 })
}

// QueueGroup is an incident as the queue groups it: the incident and how
// many of its items are pending.
type QueueGroup struct {
	Incident string
	Items    int
}

// QueueGroups classifies every item and lists the incidents in the order
// the queue's groups follow (each incident's first item in SortQueue's
// order), without sorting the items themselves.
func QueueGroups(p *Policy, items []model.PendingItem) []QueueGroup {
	first := map[string]int{}
	var groups []QueueGroup
	var heads []*model.PendingItem
	for i := range items {
		it := &items[i]
		it.Class, it.Tier = p.Classify(it.Action, it.Target)
		g, ok := first[it.Incident]
		if !ok {
			first[it.Incident] = len(groups)
			groups = append(groups, QueueGroup{Incident: it.Incident, Items: 1})
			heads = append(heads, it)
			continue
		}
		groups[g].Items++
		if compareQueued(it, heads[g]) < 0 {
			heads[g] = it
		}
	}
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareQueued(heads[a], heads[b]) })
	out := make([]QueueGroup, len(groups))
	for k, g := range order {
		out[k] = groups[g]
	}
	return out
}

// compareQueued is the queue's order of two classified items.
func compareQueued(a, b *model.PendingItem) int {
	if c := CompareGateEnded(a, b); c != 0 {
		return c
	}
	if a.Tier != b.Tier {
		return cmp.Compare(b.Tier.Rank(), a.Tier.Rank())
	}
	if c := cmp.Compare(rankKey(a.Rank), rankKey(b.Rank)); c != 0 {
		return c
	}
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Incident, b.Incident); c != 0 {
		return c
	}
	return cmp.Compare(a.Suggestion, b.Suggestion)
}

// CompareGateEnded puts an item whose gate stopped waiting after a live
// one: deciding it runs nothing, so a shift reaches it last, whatever the
// queue is sorted by.
func CompareGateEnded(a, b *model.PendingItem) int {
	switch {
	case (a.GateEnded == nil) == (b.GateEnded == nil):
		return 0
	case a.GateEnded == nil:
		return -1
	}
	return 1
}

// GateEnded is what the person deciding an item whose gate stopped waiting
// is told: in the queue's detail and form, and by approve and reject.
func GateEnded(e model.GateEnd) string {
	told, why := "no", "its gate stopped"
	if e.AskedUser {
		told = "to ask its user"
	}
	if e.How == model.GateTimedOut {
		why = "its wait ran out"
	}
	return "The agent was told " + told + " at " + Stamp(e.At) + " (" + why + "): a decision now records your call but runs nothing, unless the agent asks again under the same call id."
}

// rankKey puts unranked suggestions (rank 0) after every ranked one.
func rankKey(r int) int {
	if r <= 0 {
		return int(^uint(0) >> 1)
	}
	return r
}

// Standing is the policy's verdict on the person at the keyboard for one
// item, as the queue shows it: "you (tomas, medium) cannot approve this
// alone". person is nil when who is not a person of the incident; alike
// are the incident's people and agents whose ids read alike
// (PendingDetail.Alike).
func Standing(who string, person *model.Person, isAgent bool, item model.PendingItem, alike model.Twins, now time.Time) string {
	switch {
	case isAgent:
		return fmt.Sprintf("you (%s) are an AI agent: only a person can decide", who)
	case person == nil:
		return fmt.Sprintf("you (%s) are not a person of %s: you cannot decide its suggestions", who, item.Incident)
	}
	you := fmt.Sprintf("you (%s, %s)", person.ID, person.Authority)
	tier := item.Tier
	switch {
	case !HasAuthority(person.Authority, tier) && tier == model.TierCritical:
		return you + " cannot approve or reject this: it needs two people with authority high"
	case !HasAuthority(person.Authority, tier):
		return you + " cannot approve this alone: it needs authority " + string(AuthorityNeeded(tier))
	case item.Expired(now):
		return you + " may reject or defer this; it has expired and can no longer be approved"
	case tier != model.TierCritical:
		return you + " can approve this alone"
	case item.FirstApproval == nil:
		return you + " can give the first of the two approvals it needs"
	case item.FirstApproval.By == person.ID:
		return you + " gave the first approval; a second person with authority high must approve"
	case firstLooksLike(item, person.ID, alike):
		return fmt.Sprintf("you (%s, %s) read like %s, who gave the first approval; a second person whose id reads differently must approve",
			spelt(person.ID), person.Authority, spelt(item.FirstApproval.By))
	}
	return you + " can give the second approval, which makes the decision final"
}

// Allowed says which decisions the person may attempt on an item, so the
// workstation can disable the keys that would only be refused: approve
// (and modify), and reject or defer. The store still checks every rule
// when the decision is recorded. alike is as for Standing.
func Allowed(person *model.Person, isAgent bool, item model.PendingItem, alike model.Twins, now time.Time) (approve, reject bool) {
	if isAgent || person == nil || !HasAuthority(person.Authority, item.Tier) {
		return false, false
	}
	approve = !item.Expired(now) && (item.FirstApproval == nil || item.FirstApproval.By != person.ID) &&
		!firstLooksLike(item, person.ID, alike)
	return approve, true
}

// firstLooksLike reports whether id is not the first approver of item but
// reads like them (alike, the incident's people and agents that read
// alike): the store refuses such a second approval.
func firstLooksLike(item model.PendingItem, id string, alike model.Twins) bool {
	fa := item.FirstApproval
	return fa != nil && fa.By != id && alike.One(fa.By) == alike.One(id)
}
