package metrics

import (
	"fmt"
	"testing"

	"github.com/signoff/signoff/tui/tuitest"
)

// On a terminal narrower than the table, every view still fits the
// frame: a line wider than the terminal wraps there and pushes the
// dashboard off the top.
func TestTheDashboardFitsASmallTerminal(t *testing.T) {
	for _, size := range [][2]int{{40, 12}, {30, 8}, {80, 24}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("at %dx%d", w, h), func(t *testing.T) {
			m := loaded(t, sampleStore(), w, h)
			for _, k := range []string{"", "tab", "?", "?", "enter"} {
				if k != "" {
					m = keys(t, m, k)
				}
				tuitest.CheckFrame(t, m.View(), w, h)
			}
		})
	}
}
