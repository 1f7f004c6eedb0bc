package train

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
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

// newTestModel starts a training screen at a size and runs it until it
// shows the first event.
func newTestModel(t testing.TB, s model.Store, incident, trainee string, w, h int, opts ...func(*Options)) *Model {
	t.Helper()
	return newTestModelIn(t, tuitest.Common(s, trainee, ticking()), incident, w, h, opts...)
}

// newTestModelIn is newTestModel in a context of the test's own.
func newTestModelIn(t testing.TB, c common.Common, incident string, w, h int, opts ...func(*Options)) *Model {
	t.Helper()
	o := Options{Incident: incident}
	for _, f := range opts {
		f(&o)
	}
	m := New(c, o)
	m.SetSize(w, h)
	drive(t, &m, m.Init())
	return &m
}

// drive runs a command, feeds its message to the model and runs what
// follows until nothing is left: Bubble Tea's loop without a terminal.
// It reports whether the screen asked to be left (with Ask, or with a
// BackMsg once a run is closed), which quits when it is
// the first screen; a full-screen error is kept in fatal.
func drive(t testing.TB, m *Model, cmd tea.Cmd) bool {
	t.Helper()
	left := false
	tuitest.Run(t, func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case common.BackMsg:
			left = true
			return nil
		case common.FatalMsg:
			fatal[m] = msg.Err
			return nil
		}
		var next tea.Cmd
		*m, next = m.Update(msg)
		if _, ok := m.TakeAsk().(common.BackMsg); ok {
			left = true
		}
		return next
	}, cmd)
	return left
}

// fatal holds the full-screen error each test screen asked for.
var fatal = map[*Model]error{}

func keyMsg(s string) tea.KeyMsg { return tuitest.Key(s) }

// press sends keys one at a time; it reports whether the screen asked to
// be left.
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
func screenText(m *Model) string { return tuitest.Text(m.View()) }

// checkFrame fails when the view does not fit the terminal.
func checkFrame(t *testing.T, view string, w, h int) { t.Helper(); tuitest.CheckFrame(t, view, w, h) }
