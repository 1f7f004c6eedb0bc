package review

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/tuitest"
)

// resize sends the terminal's new size, as the router does.
func resize(t *testing.T, a *App, w, h int) {
	t.Helper()
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
}

// paneTop is the first line the step pane shows.
func paneTop(a *App) string {
	return strings.TrimSpace(strings.SplitN(tuitest.Text(a.screen.pane.View()), "\n", 2)[0])
}

// A step pane scrolled down keeps its place when the terminal is resized:
// taller or shorter, it shows the same line first; narrower or wider (the
// step rewraps), it stays inside the step, not back at its top; and a
// terminal taller than what is left below the place shows the step's end,
// never blank rows past it.
func TestTheStepPaneKeepsItsScrollWhenTheTerminalIsResized(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("from %dx%d", w, h), func(t *testing.T) {
			a := openAt(t, openFixtures(t), reviewer, testIncident, "S2", w, h)
			press(t, a, "enter")
			for range 4 {
				press(t, a, "j")
			}
			off, top := a.screen.pane.vp.YOffset, paneTop(a)
			if off == 0 {
				t.Fatalf("j did not scroll the step pane:\n%s", screenText(a))
			}

			resize(t, a, w, h+6)
			if got := a.screen.pane.vp.YOffset; got != off || paneTop(a) != top {
				t.Errorf("taller, the pane is at line %d showing %q first; want %d, %q", got, paneTop(a), off, top)
			}
			resize(t, a, w, h)
			if got := a.screen.pane.vp.YOffset; got != off || paneTop(a) != top {
				t.Errorf("back to %dx%d, the pane is at line %d showing %q first; want %d, %q", w, h, got, paneTop(a), off, top)
			}

			resize(t, a, w, 200)
			if a.screen.pane.vp.PastBottom() {
				t.Errorf("on a tall terminal the pane is past its end: line %d of %d", a.screen.pane.vp.YOffset, a.screen.pane.vp.TotalLineCount())
			}
			checkFrame(t, a.View(), w, 200)

			resize(t, a, w, h)
			for range 4 {
				press(t, a, "j")
			}
			resize(t, a, w+10, h)
			if got := a.screen.pane.vp.YOffset; got == 0 {
				t.Errorf("wider, the pane went back to the step's top")
			}
		})
	}
}
