package tui

import (
	"fmt"
	"strings"
	"testing"
)

// The line at the bottom is how a newcomer finds ? (every key) and q (the
// way out): when the screen's most used keys do not fit, the keys before
// them give way, never these two.
func TestTheKeyLineKeepsHelpAndTheWayOutAt80Columns(t *testing.T) {
	store := openFixtures(t)
	screens := []struct {
		name string
		o    Options
		keys []string
		q    string
	}{
		{"the picker", Options{}, nil, "q quit"},
		{"the review screen", Options{Incident: testIncident}, nil, "q quit"},
		{"the review screen's step pane", Options{Incident: testIncident}, []string{"enter"}, "q/esc back to timeline"},
		{"the queue", Options{Start: StartQueue}, nil, "q quit"},
		{"the dashboard", Options{Start: StartMetrics}, nil, "q quit"},
	}
	for _, sc := range screens {
		for _, w := range []int{80, 60} {
			t.Run(fmt.Sprintf("%s at %d columns", sc.name, w), func(t *testing.T) {
				a := newTestAppWith(t, sc.o, store, "alice", w, 24)
				press(t, a, sc.keys...)
				lines := strings.Split(screenText(a), "\n")
				last := lines[len(lines)-1]
				if !strings.Contains(last, "? more keys") || !strings.HasSuffix(last, sc.q) {
					t.Errorf("the key line lacks ? or %q: %q", sc.q, last)
				}
				checkFrame(t, a.View(), w, 24)
			})
		}
	}
}
