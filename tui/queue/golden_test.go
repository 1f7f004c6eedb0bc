package queue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/signoff/signoff/model"
)

func TestGoldenViews(t *testing.T) {
	states := []struct {
		name, person, item string
		keys               []string
		text               string // typed after the keys
		after              []string
	}{
		{"list", "tomas", "INC-2046/S3", nil, "", nil},
		{"no-evidence-preserved", "alice", "INC-2046/S4", nil, "", nil},
		{"form", "tomas", "INC-2046/S5", []string{"a"}, "cheap to undo", []string{"tab", "space"}},
		{"modify", "alice", "INC-2046/S5", []string{"m"}, "", nil},
		{"confirm", "alice", "INC-2046/S6", []string{"a"}, "compromised", []string{"enter"}},
		{"awaiting-second", "alice", "INC-2046/S3", []string{"a"}, "public token", []string{"enter", "y", "enter"}},
		{"awaiting-second-expiring", "alice", "INC-2046/S4", []string{"a"}, "unknown GPU spend", []string{"enter", "y", "enter"}},
		{"help", "tomas", "INC-2046/S5", []string{"?"}, "", nil},
		{"stranger", "mallory", "INC-2046/S8", nil, "", nil},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, s := range states {
			t.Run(fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1]), func(t *testing.T) {
				m := newTestModel(t, openStore(t), s.person, size[0], size[1])
				selectKey(t, m, s.item)
				press(t, m, s.keys...)
				typeText(t, m, s.text)
				press(t, m, s.after...)
				checkFrame(t, m.View(), size[0], size[1])
				golden.RequireEqual(t, []byte(screen(m)))
			})
		}
	}
}

func TestAnEmptyQueueSaysSo(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	for len(m.items) > 0 {
		it := m.items[0]
		_, err := m.Store.Decide(m.Ctx, model.DecideRequest{Incident: it.Incident, Suggestion: it.Suggestion,
			Person: "alice", Outcome: model.OutcomeDeferred, Rationale: "later"}, m.cmds.checker())
		if err != nil {
			t.Fatal(err)
		}
		press(t, m, "ctrl+r")
	}
	checkFrame(t, m.View(), 80, 24)
	if !bytes.Contains([]byte(screen(m)), []byte("Nothing is waiting")) {
		t.Errorf("an empty queue does not say so:\n%s", screen(m))
	}
}

// The confirm step of an item whose detail its writer padded keeps its
// top in view, and pgdn scrolls the detail under it.
func TestGoldenConfirmOfAPaddedDetail(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, pages := range []int{0, 1} {
			t.Run(fmt.Sprintf("pgdn-%d-%dx%d", pages, size[0], size[1]), func(t *testing.T) {
				store := openStore(t)
				detail, _ := json.Marshal(hostileDetail)
				feed(t, store, `{"record": "event", "id": "S9", "at": "2026-11-25T08:50:00Z", "kind": "suggestion", "agent": "triage", `+
					`"action": {"type": "isolate_host", "target": "mcp-gateway", "detail": `+string(detail)+`}, "rank": 1}`)
				m := newTestModel(t, store, "alice", size[0], size[1])
				selectKey(t, m, "INC-2046/S9")
				press(t, m, "a")
				typeText(t, m, "contain it")
				press(t, m, "enter")
				for range pages {
					press(t, m, "pgdown")
				}
				checkFrame(t, m.View(), size[0], size[1])
				golden.RequireEqual(t, []byte(screen(m)))
			})
		}
	}
}
