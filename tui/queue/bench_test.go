package queue

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
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

// BenchmarkQueueFirstFrameJustOpened: the same queue, from a store just
// opened (nothing of the queue kept) to the first frame drawn: through the
// head, as the screen starts now, and through the whole read, as it
// started before. The selected item's detail and the rest come after the
// frame in both, so neither is timed.
func BenchmarkQueueFirstFrameJustOpened(b *testing.B) {
	path := bigQueue(b, 1000, 10).Address()
	frame := func(b *testing.B, first func(m Model) tea.Msg) {
		for b.Loop() {
			b.StopTimer()
			d, err := db.Open(context.Background(), path)
			if err != nil {
				b.Fatal(err)
			}
			m := New(tuitest.Common(d, "alice", nil))
			m.SetSize(160, 48)
			b.StartTimer()
			m, _ = m.Update(first(m))
			view := m.View()
			b.StopTimer()
			if !strings.Contains(view, "10000 pending in 1000 open incidents") || !strings.Contains(view, "▸") {
				b.Fatalf("the first frame is not the queue's:\n%s", view)
			}
			d.Close()
			b.StartTimer()
		}
	}
	b.Run("head", func(b *testing.B) { frame(b, func(m Model) tea.Msg { return m.cmds.head(m.headRows())() }) })
	b.Run("whole", func(b *testing.B) { frame(b, func(m Model) tea.Msg { return m.cmds.load(0)() }) })
}

// BenchmarkQueueRefresh: the same queue, reloaded after another process
// wrote (one item decided, one new suggestion imported, by another
// connection, timer stopped), and redrawn.
func BenchmarkQueueRefresh(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	w := newOtherWriter(b, d)
	m := New(tuitest.Common(d, "alice", nil))
	m.SetSize(160, 48)
	m, cmd := m.Update(m.cmds.load(0)())
	m, _ = m.Update(cmd())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w.write(b)
		b.StartTimer()
		var cmd tea.Cmd
		m, cmd = m.Update(m.cmds.load(m.seq)())
		m, _ = m.Update(cmd())
		if len(m.items) != 10000 {
			b.Fatalf("%d items after the write", len(m.items))
		}
		_ = m.View()
	}
}

// otherWriter writes as another process would between a benchmark's
// iterations: it decides one pending item and imports one new suggestion,
// so the read after it is a read after a real write, not a cache hit.
type otherWriter struct {
	d *db.DB
	n int
}

func newOtherWriter(b *testing.B, d *db.DB) *otherWriter {
	w, err := db.Open(context.Background(), d.Address())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { w.Close() })
	return &otherWriter{d: w}
}

func (w *otherWriter) write(b *testing.B) {
	ctx := context.Background()
	i := w.n
	w.n++
	inc := fmt.Sprintf("INC-%05d", i%1000)
	if _, err := w.d.Decide(ctx, model.DecideRequest{Incident: inc, Suggestion: fmt.Sprintf("S%d", i/1000%10), Person: "alice",
		Outcome: model.OutcomeRejected, Rationale: "not now"}, review.DecisionChecker(review.DefaultPolicy())); err != nil {
		b.Fatal(err)
	}
	opened := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	c := 0.5
	incident, _ := json.Marshal(map[string]any{"record": "incident", "format": model.FormatV1, "id": inc, "title": "Synthetic open incident",
		"severity": model.Sev2, "status": model.StatusOpen, "opened_at": opened})
	event, _ := json.Marshal(model.Event{ID: fmt.Sprintf("N%d", i), At: opened.Add(time.Hour), Kind: model.KindSuggestion, Agent: "remediator",
		Rank: 1, Confidence: &c, Action: &model.Action{Type: "lookup", Target: "host-1"}, Rationale: "a new one", Evidence: []string{"EV-1"}})
	line := append(event[:len(event)-1], []byte(`,"record":"event"}`)...)
	stream := string(incident) + "\n" + string(line) + "\n"
	if _, err := w.d.ImportStream(ctx, "new.ndjson", strings.NewReader(stream), "bench"); err != nil {
		b.Fatal(err)
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

// BenchmarkPendingQueueStore is the store's share: the query and decoding,
// after another connection wrote (as BenchmarkQueueRefresh).
func BenchmarkPendingQueueStore(b *testing.B) {
	d := bigQueue(b, 1000, 10)
	w := newOtherWriter(b, d)
	if _, err := d.PendingQueue(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w.write(b)
		b.StartTimer()
		q, err := d.PendingQueue(context.Background())
		if err != nil || len(q.Items) != 10000 {
			b.Fatalf("%d items, %v", len(q.Items), err)
		}
	}
}
