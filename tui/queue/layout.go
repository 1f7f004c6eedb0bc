package queue

import (
	"cmp"
	"slices"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// SortBy is the order of the items within the queue.
type SortBy int

const (
	// SortTier is the policy's order: tier, the AI's rank, age.
	SortTier SortBy = iota
	// SortExpiry puts what expires soonest first, then the rest by tier.
	SortExpiry
	// SortAge puts the oldest suggestion first.
	SortAge
)

func (s SortBy) String() string {
	switch s {
	case SortExpiry:
		return "expiry"
	case SortAge:
		return "age"
	}
	return "tier"
}

// Next is the sort s cycles to.
func (s SortBy) Next() SortBy { return (s + 1) % 3 }

// rowKind is what one line of the list shows.
type rowKind uint8

const (
	rowGroup rowKind = iota // an incident's header
	rowNote                 // its latest hand-off note
	rowItem                 // a pending item
)

// row is one line of the list: a group header or note names its
// incident; an item row indexes the items.
type row struct {
	kind     rowKind
	incident string
	item     int
}

// arrange filters the items (policy-sorted as loaded), orders them by
// sort, and groups them by incident: groups follow their first item, and
// each starts with its header and, when the incident has one, its latest
// hand-off note. It returns the items in list order, the rows, and for
// each item its row. It works on positions and copies each item once: a
// refresh of ten thousand items runs it every time.
func arrange(all []model.PendingItem, keep func(*model.PendingItem) bool, by SortBy, notes map[string]model.HandoffNote) ([]model.PendingItem, []row, []int) {
	kept := make([]int32, 0, len(all))
	for i := range all {
		if keep(&all[i]) {
			kept = append(kept, int32(i))
		}
	}
	// Whatever the sort, an item whose gate stopped waiting comes after
	// the live ones, as in the policy's order.
	switch by {
	case SortExpiry:
		slices.SortStableFunc(kept, func(a, b int32) int {
			return cmp.Or(review.CompareGateEnded(&all[a], &all[b]), compareExpiry(all[a].ExpiresAt, all[b].ExpiresAt))
		})
	case SortAge:
		slices.SortStableFunc(kept, func(a, b int32) int {
			return cmp.Or(review.CompareGateEnded(&all[a], &all[b]), all[a].At.Compare(all[b].At))
		})
	}
	// Group by incident, in the order of each incident's first item: a
	// counting sort on the group's number keeps the order within groups.
	group := map[string]int{}
	var order []string
	counts := []int{}
	gs := make([]int, len(kept))
	for k, i := range kept {
		g, seen := group[all[i].Incident]
		if !seen {
			g = len(order)
			group[all[i].Incident] = g
			order = append(order, all[i].Incident)
			counts = append(counts, 0)
		}
		gs[k] = g
		counts[g]++
	}
	starts := make([]int, len(order))
	for g := 1; g < len(order); g++ {
		starts[g] = starts[g-1] + counts[g-1]
	}
	placed := make([]int32, len(kept))
	next := slices.Clone(starts)
	for k, i := range kept {
		placed[next[gs[k]]] = i
		next[gs[k]]++
	}
	out := make([]model.PendingItem, len(placed))
	rows := make([]row, 0, len(placed)+2*len(order))
	itemRow := make([]int, len(placed))
	for g, inc := range order {
		rows = append(rows, row{kind: rowGroup, incident: inc})
		if _, ok := notes[inc]; ok {
			rows = append(rows, row{kind: rowNote, incident: inc})
		}
		for k := starts[g]; k < starts[g]+counts[g]; k++ {
			out[k] = all[placed[k]]
			itemRow[k] = len(rows)
			rows = append(rows, row{kind: rowItem, incident: inc, item: k})
		}
	}
	return out, rows, itemRow
}

// compareExpiry orders expiry times soonest first, none last.
func compareExpiry(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}
