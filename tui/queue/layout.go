package queue

import (
	"slices"
	"time"

	"github.com/signoff/signoff/model"
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
// each item its row.
func arrange(all []model.PendingItem, keep func(*model.PendingItem) bool, by SortBy, notes map[string]model.HandoffNote) ([]model.PendingItem, []row, []int) {
	items := make([]model.PendingItem, 0, len(all))
	for i := range all {
		if keep(&all[i]) {
			items = append(items, all[i])
		}
	}
	switch by {
	case SortExpiry:
		slices.SortStableFunc(items, func(a, b model.PendingItem) int { return compareExpiry(a.ExpiresAt, b.ExpiresAt) })
	case SortAge:
		slices.SortStableFunc(items, func(a, b model.PendingItem) int { return a.At.Compare(b.At) })
	}
	groups := map[string][]int{}
	var order []string
	for i := range items {
		inc := items[i].Incident
		if _, seen := groups[inc]; !seen {
			order = append(order, inc)
		}
		groups[inc] = append(groups[inc], i)
	}
	out := make([]model.PendingItem, 0, len(items))
	rows := make([]row, 0, len(items)+2*len(order))
	itemRow := make([]int, 0, len(items))
	for _, inc := range order {
		rows = append(rows, row{kind: rowGroup, incident: inc})
		if _, ok := notes[inc]; ok {
			rows = append(rows, row{kind: rowNote, incident: inc})
		}
		for _, i := range groups[inc] {
			itemRow = append(itemRow, len(rows))
			rows = append(rows, row{kind: rowItem, incident: inc, item: len(out)})
			out = append(out, items[i])
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
