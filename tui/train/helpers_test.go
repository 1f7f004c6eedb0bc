package train

import (
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
)

// openFixtures opens a real database loaded with every bundled incident.
func openFixtures(t testing.TB) *db.DB {
	t.Helper()
	return dbtest.Open(t, time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC))
}

// ticking is a clock that moves 5 seconds each time it is read, so the
// time a choice took is known without a wall clock.
func ticking() func() time.Time {
	now := time.Date(2026, 9, 2, 14, 0, 0, 0, time.UTC)
	return func() time.Time {
		now = now.Add(5 * time.Second)
		return now
	}
}

func plainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(nil)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// newTestModel starts a training screen at a size and runs it until it
// shows the first event.
func newTestModel(t testing.TB, s Store, incident, trainee string, w, h int, opts ...func(*Options)) *Model {
	t.Helper()
	o := Options{Store: s, Incident: incident, Trainee: trainee, Clock: ticking(), Renderer: plainRenderer()}
	for _, f := range opts {
		f(&o)
	}
	m := New(o)
	drive(t, m, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	drive(t, m, m.Init())
	return m
}

// drive runs a command, feeds its message to the model and runs what
// follows until nothing is left: Bubble Tea's loop without a terminal.
// It reports whether the model asked to quit.
func drive(t testing.TB, m tea.Model, cmd tea.Cmd) bool {
	t.Helper()
	cmdType := reflect.TypeOf(tea.Cmd(nil))
	queue := []tea.Cmd{cmd}
	quit := false
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			t.Fatal("the model never settles")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			quit = true
			continue
		}
		_, next := m.Update(msg)
		queue = append(queue, next)
	}
	return quit
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// press sends keys one at a time; it reports whether the model quit.
func press(t testing.TB, m *Model, keys ...string) bool {
	t.Helper()
	quit := false
	for _, k := range keys {
		msg := keyMsg(k)
		quit = drive(t, m, func() tea.Msg { return msg }) || quit
	}
	return quit
}

// typeText types text into the form one rune at a time.
func typeText(t testing.TB, m *Model, text string) {
	t.Helper()
	for _, r := range text {
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
		if r == ' ' {
			msg = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{r}}
		}
		drive(t, m, func() tea.Msg { return msg })
	}
}

// screenText is the view without styles and trailing spaces.
func screenText(m *Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// checkFrame fails when the view does not fit the terminal.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("the frame has %d lines for %d rows", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide for %d columns: %q", i+1, n, w, ansi.Strip(l))
		}
	}
}
