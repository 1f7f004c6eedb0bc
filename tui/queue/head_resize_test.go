package queue

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A screen made taller than the head before the rest arrives never shows
// the rows past the head as empty: the first says the rest is coming, the
// rows above are the whole read's, and once the rest comes the screen is
// the whole read's.
func TestAScreenGrownBeforeTheRestSaysTheRestIsComing(t *testing.T) {
	d := longQueue(t)
	for _, tc := range []struct {
		name       string
		beforeHead bool     // the screen grows before the head arrives
		keys       []string // moves taken on the head first
		failed     bool     // the rest failed to load before the screen grew
		says       string   // the first row past the head
	}{
		{"grown after the head came, the cursor moved down", false, []string{"pgdown", "pgdown", "pgdown"}, false, "⋯ reading the rest of the queue"},
		{"grown after the head came", false, nil, false, "⋯ reading the rest of the queue"},
		{"grown before the head came", true, nil, false, "⋯ reading the rest of the queue"},
		{"grown after the rest failed", false, nil, true, "⋯ the rest of the queue did not load: ctrl+r reads it again"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := wholeRead(t, d, 80, 24)
			m := queueModel(d, 80, 24)
			head := m.cmds.head(m.headRows())()
			if tc.beforeHead {
				m.SetSize(160, 100)
			}
			rest := runHoldingRest(t, &m, func() tea.Msg { return head })
			if !m.partial || len(rest) != 1 {
				t.Fatalf("the queue did not start with its head: partial %v, %d loads held", m.partial, len(rest))
			}
			for _, k := range tc.keys {
				drive(t, &m, keyMsg(k))
				drive(t, whole, keyMsg(k))
			}
			if len(m.held) != 0 {
				t.Fatalf("%d moves held; want them taken on the head", len(m.held))
			}
			if tc.failed {
				drive(t, &m, loadedMsg{err: context.DeadlineExceeded})
				m.status = "" // the error's footer, which the whole read has not
			}
			m.SetSize(160, 100)
			whole.SetSize(160, 100)
			if m.top+m.listHeight() <= len(m.rows) {
				t.Fatalf("the head's %d rows fill the window (rows %d to %d): the test needs a taller screen", len(m.rows), m.top, m.top+m.listHeight())
			}
			got, want := strings.Split(screen(&m), "\n"), strings.Split(screen(whole), "\n")
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			if i == len(got) || !strings.Contains(got[i], tc.says) {
				t.Fatalf("past the head's rows (line %d), the screen does not say the rest is coming:\n%s\nthe whole read\n%s", i+1, screen(&m), screen(whole))
			}
			if i < 4 {
				t.Fatalf("the screen differs from the whole read's from line %d on:\n%s\nthe whole read\n%s", i+1, screen(&m), screen(whole))
			}
			for j, line := range got[1 : 1+m.listHeight()] {
				if list, _, _ := strings.Cut(line, "│"); strings.TrimSpace(list) == "" {
					t.Fatalf("list row %d is empty:\n%s", j+1, screen(&m))
				}
			}
			drive(t, &m, rest[0]) // after a failure, as ctrl+r reads it
			if got, want := screen(&m), screen(whole); got != want {
				t.Errorf("after the rest\n%s\nthe whole read\n%s", got, want)
			}
		})
	}
}
