package queue

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// The queue for a shift at scale: 10,000 pending suggestions across 1,000
// open incidents (bigQueue), 100 of them claimed, at 160x48, without and
// with a filter (critical and high items of one agent: 6,000 of them).

var shiftFilter = Filter{Tiers: []model.Tier{model.TierCritical, model.TierHigh}, Agent: "remediator"}

// shiftQueue is a copy of the database on engine (the SQLite file is
// built once and kept, dbtest.BenchFile) with 100 items claimed; it
// returns its address and the keys of the pending items, in the policy's
// order.
func shiftQueue(b *testing.B, engine string) (string, []model.PendingItem) {
	b.Helper()
	kept := dbtest.BenchFile(b, "queue-10k", func(d *db.DB) error { return fillQueue(d, 1000, 10) })
	d := dbtest.BenchCopy(b, engine, kept)
	ctx := context.Background()
	q, err := d.PendingQueue(ctx)
	if err != nil {
		b.Fatal(err)
	}
	review.SortQueue(review.DefaultPolicy(), q.Items)
	for _, it := range q.Items[:100] {
		if _, err := d.Claim(ctx, it.Incident, it.Suggestion, "alice", model.MaxClaim); err != nil {
			b.Fatal(err)
		}
	}
	return d.Address(), q.Items
}

// firstFrame is New to the first frame with the selected item's detail.
func firstFrame(b *testing.B, store *db.DB, f Filter) Model {
	m := New(tuitest.Common(store, "alice", nil))
	m.SetSize(160, 48)
	m.filter = f
	m, cmd := m.Update(m.cmds.load(0)())
	m, _ = m.Update(cmd())
	if m.detail == nil || len(m.claims) < 100 {
		b.Fatalf("detail %v, %d claims", m.detail != nil, len(m.claims))
	}
	_ = m.View()
	return m
}

// headFirstFrame is firstFrame as the screen starts now: the head, then
// the selected item's detail, without the rest (which comes after).
func headFirstFrame(b *testing.B, store *db.DB) Model {
	m := New(tuitest.Common(store, "alice", nil))
	m.SetSize(160, 48)
	m, _ = m.Update(m.cmds.head(m.headRows())())
	m, _ = m.Update(m.cmds.detail(*m.Selected())())
	if m.detail == nil || len(m.claims) < 100 || !m.partial {
		b.Fatalf("detail %v, %d claims, partial %v", m.detail != nil, len(m.claims), m.partial)
	}
	_ = m.View()
	return m
}

// BenchmarkShiftFirstFrame: from a store just opened (nothing kept from
// an earlier read) to the first frame: through the whole read, unfiltered
// and filtered, and through the head, as the screen starts now.
func BenchmarkShiftFirstFrame(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run("engine="+engine, func(b *testing.B) { shiftFirstFrame(b, engine) })
	}
}

func shiftFirstFrame(b *testing.B, engine string) {
	path, _ := shiftQueue(b, engine)
	ctx := context.Background()
	for _, c := range []struct {
		name string
		f    Filter
	}{{"unfiltered", Filter{}}, {"filtered", shiftFilter}, {"head", Filter{}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				store, err := db.Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if c.name == "head" {
					headFirstFrame(b, store)
				} else {
					firstFrame(b, store, c.f)
				}
				b.StopTimer()
				store.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkShiftRefresh: the queue on screen reloads and redraws after
// another connection wrote (another analyst's decision, or claim), as the
// router's look at data_version makes it. The write is outside the timer.
func BenchmarkShiftRefresh(b *testing.B) {
	for _, engine := range dbtest.Engines() {
		b.Run("engine="+engine, func(b *testing.B) { shiftRefresh(b, engine) })
	}
}

func shiftRefresh(b *testing.B, engine string) {
	path, items := shiftQueue(b, engine)
	ctx := context.Background()
	next := 0 // each write takes a new item, across the sub-benchmarks
	writes := []struct {
		name  string
		write func(*db.DB, int) error
	}{
		{"after-a-decision", func(other *db.DB, i int) error {
			it := items[len(items)-1-i] // from the end: the selected item stays
			_, err := other.Decide(ctx, model.DecideRequest{Incident: it.Incident, Suggestion: it.Suggestion, Person: "alice",
				Outcome: model.OutcomeRejected, Rationale: "benchmark"}, review.DecisionChecker(review.DefaultPolicy()))
			return err
		}},
		{"after-a-claim", func(other *db.DB, i int) error {
			it := items[200+i%4000]
			_, err := other.Claim(ctx, it.Incident, it.Suggestion, "alice", time.Hour)
			return err
		}},
	}
	for _, w := range writes {
		for _, c := range []struct {
			name string
			f    Filter
		}{{"unfiltered", Filter{}}, {"filtered", shiftFilter}} {
			b.Run(fmt.Sprintf("%s/%s", c.name, w.name), func(b *testing.B) {
				store, err := db.Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				defer store.Close()
				other, err := db.Open(ctx, path)
				if err != nil {
					b.Fatal(err)
				}
				defer other.Close()
				m := firstFrame(b, store, c.f)
				for b.Loop() {
					b.StopTimer()
					if err := w.write(other, next); err != nil {
						b.Fatal(err)
					}
					next++
					b.StartTimer()
					m, cmd := m.Update(m.cmds.load(m.seq)())
					if cmd != nil {
						m, _ = m.Update(cmd())
					}
					_ = m.View()
				}
			})
		}
	}
}
