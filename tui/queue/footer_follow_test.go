package queue

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/signoff/signoff/tui/common"
)

// The list keeps the selected row in view whatever the footer's height:
// a sentence that wraps over two or three lines (news after a decision, a
// long error) takes its lines from the list, never the selected row.
func TestTheSelectedRowStaysInViewWhateverTheFooter(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			store := openStore(t)
			var lines []string
			for i := 0; i < 60; i++ {
				lines = append(lines, fmt.Sprintf(`{"record": "event", "id": "Q%02d", "at": "2026-11-25T08:%02d:00Z", "kind": "suggestion", "agent": "triage", `+
					`"action": {"type": "lookup", "target": "mcp-gateway"}, "rank": 1}`, i, i%50))
			}
			feed(t, store, lines...)
			m := newTestModel(t, store, "alice", size[0], size[1])
			press(t, m, "G")
			last := m.Selected().Key()
			for _, n := range []int{2, 3} {
				long := strings.Repeat("the clipboard refused it ", n*size[0]/30)
				drive(t, m, common.CopiedMsg{What: last, Err: errors.New(long)})
				if got := strings.Count(m.footer(), "\n") + 1; got < n+1 {
					t.Fatalf("the footer takes %d lines; the test wants a sentence of %d", got, n)
				}
				checkFrame(t, m.View(), size[0], size[1])
				if !strings.Contains(screen(m), "▸ LOW  "+m.Selected().Suggestion+" ") {
					t.Errorf("with a %d-line sentence the selected %s is out of the list:\n%s", n, last, screen(m))
				}
			}
		})
	}
}
