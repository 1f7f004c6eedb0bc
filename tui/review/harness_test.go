package review

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

const testIncident = "INC-2041"

// reviewer is a known person of INC-2041.
const reviewer = "mara"

// clock is the fixed time verdicts are recorded at in tests.
var clock = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)

// openFixtures opens a real database in a temp dir loaded with every
// bundled incident, with the store's clock fixed.
func openFixtures(t testing.TB) *db.DB {
	t.Helper()
	return dbtest.Open(t, clock)
}

// App stands in for the router in the review screen's tests: it sizes the
// screen, hands it every other message, and notes what the screen asked
// the router for.
type App struct {
	screen  Model
	back    int // times the screen asked to be left
	metrics int // times it asked for the dashboard
	fatal   error
}

func (a *App) Init() tea.Cmd { return a.screen.Init() }

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.screen.SetSize(msg.Width, msg.Height)
		return a, nil
	case common.FatalMsg:
		a.fatal = msg.Err
		return a, nil
	}
	var cmd tea.Cmd
	a.screen, cmd = a.screen.Update(msg)
	switch a.screen.TakeAsk().(type) {
	case common.BackMsg:
		a.back++
	case common.OpenMetricsMsg:
		a.metrics++
	}
	return a, cmd
}

func (a *App) View() string { return a.screen.View() }

// newTestApp opens the review screen of incident for person at w×h with
// plain styles and runs it until it settles.
func newTestApp(t testing.TB, s model.Store, person, incident string, w, h int) *App {
	t.Helper()
	return openAt(t, s, person, incident, "", w, h)
}

// openAt is newTestApp with focus selected first.
func openAt(t testing.TB, s model.Store, person, incident, focus string, w, h int) *App {
	t.Helper()
	a := &App{screen: New(tuitest.Common(s, person, nil), incident, focus, false)}
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	drive(t, a, a.Init())
	return a
}

// drive runs a command through the screen until it settles.
func drive(t testing.TB, a *App, cmd tea.Cmd) {
	t.Helper()
	tuitest.Run(t, func(msg tea.Msg) tea.Cmd { _, next := a.Update(msg); return next }, cmd)
}

// press types keys and runs what follows.
func press(t testing.TB, a *App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		msg := tuitest.Key(k)
		drive(t, a, func() tea.Msg { return msg })
	}
}

func keyMsg(k string) tea.KeyMsg { return tuitest.Key(k) }

// screenText is the view with trailing spaces cut from each line.
func screenText(a *App) string { return tuitest.Text(a.View()) }

func checkFrame(t testing.TB, view string, w, h int) { t.Helper(); tuitest.CheckFrame(t, view, w, h) }

func selected(t testing.TB, a *App) model.TimelineRow {
	t.Helper()
	r := a.screen.timeline.Selected()
	if r == nil {
		t.Fatal("no row is selected")
	}
	return *r
}
