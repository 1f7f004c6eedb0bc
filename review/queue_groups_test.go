package review

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// The groups follow each incident's first item in SortQueue's order, with
// every item counted, for queues of many shapes.
func TestQueueGroupsFollowTheSortedQueue(t *testing.T) {
	p := DefaultPolicy()
	types := []string{"wipe_host", "isolate_host", "block_ip", "lookup", "revoke_token", "notify"}
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 1))
		var items []model.PendingItem
		for i := range 1 + r.IntN(200) {
			it := model.PendingItem{Incident: fmt.Sprintf("INC-%d", r.IntN(12)), Suggestion: fmt.Sprintf("S%d", i),
				At: t0.Add(time.Duration(r.IntN(50)) * time.Minute), Rank: r.IntN(4),
				Action: model.Action{Type: types[r.IntN(len(types))], Target: "t"}}
			if r.IntN(2) == 0 {
				it.Target = &model.Asset{ID: "t", Privileged: r.IntN(2) == 0}
			}
			if r.IntN(5) == 0 {
				it.GateEnded = &model.GateEnd{How: model.GateStopped, At: t0}
			}
			items = append(items, it)
		}
		sorted := slices.Clone(items)
		SortQueue(p, sorted)
		var want []QueueGroup
		at := map[string]int{}
		for _, it := range sorted {
			if g, ok := at[it.Incident]; ok {
				want[g].Items++
				continue
			}
			at[it.Incident] = len(want)
			want = append(want, QueueGroup{Incident: it.Incident, Items: 1})
		}
		if got := QueueGroups(p, items); !slices.Equal(got, want) {
			t.Fatalf("seed %d: groups %v; the sorted queue's %v", seed, got, want)
		}
	}
}
