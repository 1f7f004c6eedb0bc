package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/tuitest"
)

// bigQueue builds a database with incidents open incidents of perIncident
// pending suggestions each, spread over every tier.
func bigQueue(b *testing.B, incidents, perIncident int) *db.DB {
	b.Helper()
	d, err := db.Open(context.Background(), filepath.Join(b.TempDir(), "queue.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if err := fillQueue(d, incidents, perIncident); err != nil {
		b.Fatal(err)
	}
	return d
}

// fillQueue imports the incidents of bigQueue into d.
func fillQueue(d *db.DB, incidents, perIncident int) error {
	ctx := context.Background()
	types := []string{"wipe_host", "isolate_host", "block_ip", "lookup", "revoke_token"}
	opened := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < incidents; i++ {
		doc := model.Document{Format: model.FormatV1,
			Incident: model.Incident{ID: fmt.Sprintf("INC-%05d", i), Title: "Synthetic open incident", Severity: model.Sev2, Status: model.StatusOpen, OpenedAt: opened},
			People:   []model.Person{{ID: "alice", Name: "Alice", Authority: model.AuthorityHigh}},
			Agents:   []model.Agent{{ID: "remediator", Name: "Remediation assistant", Role: model.RoleRemediation}},
			Assets:   []model.Asset{{ID: "host-1", Kind: "host"}, {ID: "key-1", Kind: "key", Privileged: true}},
			Evidence: []model.Evidence{{ID: "EV-1", Kind: "log", Asset: "host-1", CollectedAt: opened, CollectedBy: "alice"}},
		}
		for j := 0; j < perIncident; j++ {
			c := float64(j%10) / 10
			target := "host-1"
			if j%3 == 0 {
				target = "key-1"
			}
			doc.Events = append(doc.Events, model.Event{ID: fmt.Sprintf("S%d", j), At: opened.Add(time.Duration(i*perIncident+j) * time.Second),
				Kind: model.KindSuggestion, Agent: "remediator", Rank: j%4 + 1, Confidence: &c, ConfidenceCue: "synthetic",
				Action:    &model.Action{Type: types[j%len(types)], Target: target, Detail: "do the synthetic thing"},
				Rationale: "a synthetic rationale long enough to look like one an agent would write", Evidence: []string{"EV-1"}})
		}
		raw, _ := json.Marshal(doc)
		if _, err := d.ImportDocument(ctx, "bench.json", bytes.NewReader(raw), "bench"); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkQueueFirstFrame: 10,000 pending suggestions across 1,000 open
// incidents, from New to the first frame with the selected item's detail.
func BenchmarkQueueFirstFrame(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := New(tuitest.Common(d, "alice", nil))
		m.SetSize(160, 48)
		loaded := m.cmds.load(0)()
		m, cmd := m.Update(loaded)
		m, _ = m.Update(cmd())
		if len(m.items) != 10000 || m.detail == nil {
			b.Fatalf("%d items, detail %v", len(m.items), m.detail != nil)
		}
		_ = m.View()
	}
}

// BenchmarkQueueRefresh: the same queue, reloaded after another process
// wrote, and redrawn.
func BenchmarkQueueRefresh(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	m := New(tuitest.Common(d, "alice", nil))
	m.SetSize(160, 48)
	m, cmd := m.Update(m.cmds.load(0)())
	m, _ = m.Update(cmd())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var cmd tea.Cmd
		m, cmd = m.Update(m.cmds.load(m.seq)())
		m, _ = m.Update(cmd())
		_ = m.View()
	}
}

// BenchmarkQueueSort is the policy's share of a refresh.
func BenchmarkQueueSort(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	q, err := d.PendingQueue(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	items := make([]model.PendingItem, len(q.Items))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		copy(items, q.Items)
		review.SortQueue(review.DefaultPolicy(), items)
	}
}

// BenchmarkPendingQueueStore is the store's share: the query and decoding.
func BenchmarkPendingQueueStore(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := d.PendingQueue(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
