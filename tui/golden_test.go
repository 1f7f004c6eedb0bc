package tui

import (
	"fmt"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/charmbracelet/x/exp/golden"
)

func TestGoldenViews(t *testing.T) {
	store := openFixtures(t)
	states := []struct {
		name     string
		incident string
		person   string
		keys     []string
		focus    string
	}{
		{"picker", "", reviewer, nil, ""},
		{"timeline", testIncident, reviewer, nil, ""},
		{"step", testIncident, reviewer, []string{"]"}, ""},
		{"step-focused", testIncident, reviewer, []string{"]", "enter"}, ""},
		{"form", testIncident, reviewer, []string{"]", "a", "o", "tab", "l", "o", "o", "k", "s", " ", "f", "i", "n", "e"}, ""},
		{"read-only", testIncident, "root", []string{"]", "f"}, ""},
		{"form-disagrees", testIncident, reviewer, []string{"i", "enter"}, "S4"},
		{"filtered", testIncident, reviewer, []string{"F", "k", "i", "n", "d", ":", "a", "i", " ", "u", "n", "r", "e", "v", "i", "e", "w", "e", "d", "enter"}, ""},
		{"search-found", testIncident, reviewer, []string{"/", "t", "o", "k", "e", "n", "enter", "n"}, ""},
		{"evidence", testIncident, reviewer, []string{"]", "e"}, ""},
		{"help", testIncident, reviewer, []string{"?"}, ""},
		{"search", testIncident, reviewer, []string{"/", "t", "o", "k", "e", "n"}, ""},
		{"fatal", "INC-0000", reviewer, nil, ""},
		{"opened-at-event", testIncident, reviewer, nil, "D3"},
		{"metrics", testIncident, reviewer, []string{"M"}, ""},
		{"metrics-suggestions", "", reviewer, []string{"M", "enter"}, ""},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, s := range states {
			name := fmt.Sprintf("%s-%dx%d", s.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				a := newTestAppWith(t, Options{Incident: s.incident, Focus: s.focus}, store, s.person, size[0], size[1])
				press(t, a, s.keys...)
				out := screenText(a)
				checkFrame(t, a.View(), size[0], size[1])
				// testdata/TestGoldenViews/<name>.golden; -update rewrites it.
				golden.RequireEqual(t, []byte(out))
			})
		}
	}
}

func TestResizeAndMonochrome(t *testing.T) {
	store := openFixtures(t)
	t.Run("resizing redraws the frame to the new size", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, testIncident, 160, 48)
		press(t, a, "]", "f")
		for _, size := range [][2]int{{80, 24}, {200, 60}, {100, 30}, {60, 20}} {
			drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: size[0], Height: size[1]} })
			checkFrame(t, a.View(), size[0], size[1])
		}
	})
	colour := func(t *testing.T) string {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		o := Options{Incident: testIncident, Poll: -1}
		o.Store, o.Person, o.Renderer = store, reviewer, r
		a := New(o)
		drive(t, a, a.Init())
		drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 160, Height: 48} })
		press(t, a, "]")
		return a.View()
	}
	t.Run("a colour terminal gets colours", func(t *testing.T) {
		t.Setenv("NO_COLOR", "")
		if !strings.Contains(colour(t), "\x1b[") {
			t.Errorf("the colour frame holds no escape sequence")
		}
	})
	t.Run("NO_COLOR gives a frame without a single escape sequence that still labels advice and action", func(t *testing.T) {
		t.Setenv("NO_COLOR", "1")
		out := colour(t)
		if strings.Contains(out, "\x1b") {
			t.Errorf("the monochrome frame holds an escape sequence")
		}
		for _, want := range []string{"◇ AI SUGGESTION", "● HUMAN DECISION", "▶ EXECUTION", "▸ "} {
			if !strings.Contains(out, want) {
				t.Errorf("the monochrome frame lacks %q", want)
			}
		}
	})
}
