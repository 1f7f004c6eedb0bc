package queue

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/tui/tuitest"
)

// clock is the time of the tests: INC-2046's suggestions are under an
// hour old and S6 has not expired yet.
var clock = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// openStore opens a real database holding the open INC-2046 and the
// resolved INC-2041, with the store's clock fixed.
func openStore(t testing.TB) *db.DB {
	t.Helper()
	return dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json", "inc-2041-ide-extension-token-theft.json")
}

// newTestModel starts the queue for person at w×h and runs its first loads.
func newTestModel(t *testing.T, store *db.DB, person string, w, h int) *Model {
	t.Helper()
	c := tuitest.Common(store, person, func() time.Time { return clock })
	c.Terminal = &bytes.Buffer{} // what the screen writes to the terminal itself (OSC 52)
	m := New(c)
	m.SetSize(w, h)
	runCmd(t, &m, m.Init())
	return &m
}

// drive sends msg and then every message its commands produce, in order,
// so a test sees the model after the store has answered.
func drive(t *testing.T, m *Model, msg tea.Msg) {
	t.Helper()
	var cmd tea.Cmd
	*m, cmd = m.Update(msg)
	runCmd(t, m, cmd)
}

func runCmd(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	tuitest.Run(t, func(msg tea.Msg) tea.Cmd {
		var next tea.Cmd
		*m, next = m.Update(msg)
		return next
	}, cmd)
}

// press sends keys by name: "enter", "esc", "tab", "space", or runes.
func press(t *testing.T, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		drive(t, m, tuitest.Key(k))
	}
}

// typeText types each rune of s.
func typeText(t *testing.T, m *Model, s string) {
	t.Helper()
	for _, r := range s {
		drive(t, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func keyMsg(k string) tea.KeyMsg { return tuitest.Key(k) }

// screen is the view without styling, trailing spaces trimmed.
func screen(m *Model) string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// onScreen is the screen's text as one line: each row's words, joined by
// a space, so a sentence wrapped over rows reads whole.
func onScreen(m *Model) string {
	return strings.Join(strings.Fields(screen(m)), " ")
}

// checkFrame fails when the view is not exactly w×h.
func checkFrame(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("the frame has %d lines; want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide; want at most %d: %q", i+1, n, w, ansi.Strip(l))
		}
	}
}

func selectKey(t *testing.T, m *Model, key string) {
	t.Helper()
	press(t, m, "g")
	for i := 0; i < len(m.items); i++ {
		if it := m.Selected(); it != nil && it.Key() == key {
			return
		}
		press(t, m, "j")
	}
	t.Fatalf("%s is not in the queue", key)
}

// dbtestOpenNames opens a real database with the named bundled incidents.
func dbtestOpenNames(t testing.TB, names ...string) *db.DB {
	t.Helper()
	return dbtest.Open(t, clock, names...)
}
