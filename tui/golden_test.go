package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

func TestGoldenViews(t *testing.T) {
	store := openFixtures(t)
	states := []struct {
		name     string
		incident string
		person   string
		keys     []string
	}{
		{"picker", "", reviewer, nil},
		{"timeline", testIncident, reviewer, nil},
		{"step", testIncident, reviewer, []string{"]"}},
		{"step-focused", testIncident, reviewer, []string{"]", "enter"}},
		{"form", testIncident, reviewer, []string{"]", "a", "o", "tab", "l", "o", "o", "k", "s", " ", "f", "i", "n", "e"}},
		{"form-refused", testIncident, "nobody", []string{"]", "f", "ctrl+s"}},
		{"evidence", testIncident, reviewer, []string{"]", "e"}},
		{"help", testIncident, reviewer, []string{"?"}},
		{"search", testIncident, reviewer, []string{"/", "t", "o", "k", "e", "n"}},
		{"fatal", "INC-0000", reviewer, nil},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, s := range states {
			name := fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				a := newTestApp(t, store, s.person, s.incident, size[0], size[1])
				press(t, a, s.keys...)
				out := screenText(a)
				checkFrame(t, a.View(), size[0], size[1])
				// testdata/TestGoldenViews/<name>.golden; -update rewrites it.
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}
