package serve

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestATerminalSizeIsKeptWithinWhatAScreenCanShow(t *testing.T) {
	for _, c := range []struct {
		name         string
		w, h         int
		wantW, wantH int
	}{
		{"an ordinary terminal is drawn at its size", 80, 24, 80, 24},
		{"a one-cell terminal is drawn at its size", 1, 1, 1, 1},
		{"a terminal with no size is drawn at 80x24", 0, 0, 80, 24},
		{"a terminal at the largest size is drawn at it", maxColumns, maxRows, maxColumns, maxRows},
		{"a terminal wider than any screen is drawn at the widest", 10000, 40, maxColumns, 40},
		{"a terminal taller than any screen is drawn at the tallest", 100, 10000, 100, maxRows},
		{"a terminal of 2^31 both ways is drawn at the largest", 1 << 31, 1 << 31, maxColumns, maxRows},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := sizedTerminal(nil, tea.WindowSizeMsg{Width: c.w, Height: c.h})
			if want := (tea.WindowSizeMsg{Width: c.wantW, Height: c.wantH}); got != want {
				t.Errorf("%dx%d is drawn at %v, want %v", c.w, c.h, got, want)
			}
		})
	}
}

func TestAHugeTerminalIsDrawnAtTheLargestSize(t *testing.T) {
	f := start(t, 2, 1, nil)
	// A client names its own size and every row of it is drawn, so a
	// session claiming 5000 rows (or 2^31) would cost the server memory
	// and time for all the others. A frame runs from the header to the
	// keys at the foot of the screen.
	frame := `re:(?s)signoff · p01 \(.*?P queue`
	tm := f.open("p01", 80, 5000)
	if rows := strings.Count(tm.must(wait, frame), "\n") + 1; rows > maxRows {
		t.Errorf("a terminal of 5000 rows is drawn at %d, want at most %d", rows, maxRows)
	}
	if err := tm.sess.WindowChange(20000, 80); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Count(tm.must(wait, frame), "\n") + 1; rows > maxRows {
		t.Errorf("a terminal resized to 20000 rows is drawn at %d, want at most %d", rows, maxRows)
	}
}
