package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
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

// firstIncident is the id of the first bundled incident.
func firstIncident(t testing.TB, s model.Store) string {
	t.Helper()
	list, err := s.Incidents(context.Background())
	if err != nil || len(list) == 0 {
		t.Fatalf("no incidents: %v", err)
	}
	ids := make([]string, len(list))
	for i, l := range list {
		ids[i] = l.ID
	}
	return minString(ids)
}

func minString(xs []string) string {
	m := xs[0]
	for _, x := range xs[1:] {
		if x < m {
			m = x
		}
	}
	return m
}

// newTestApp builds the workstation at a size with plain styles and no
// polling, and runs it until it settles.
func newTestApp(t testing.TB, s model.Store, person, incident string, w, h int) *App {
	t.Helper()
	return newTestAppWith(t, Options{Incident: incident}, s, person, w, h)
}

// testApp builds the workstation for reviewer with plain styles and no
// polling, and runs nothing.
func testApp(s model.Store, o Options) *App {
	o.Store, o.Person, o.Poll, o.Renderer = s, reviewer, -1, tuitest.PlainRenderer()
	return New(o)
}

// programApp builds the workstation for a teatest program: plain styles,
// and a poll slow enough never to fire during the test.
func programApp(s model.Store, person string, o Options) *App {
	o.Store, o.Person, o.Poll, o.Renderer = s, person, time.Hour, tuitest.PlainRenderer()
	return New(o)
}

// newTestAppWith is newTestApp with more options.
func newTestAppWith(t testing.TB, o Options, s model.Store, person string, w, h int) *App {
	t.Helper()
	o.Store, o.Person, o.Poll, o.Renderer = s, person, -1, tuitest.PlainRenderer()
	a := New(o)
	drive(t, a, a.Init())
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	return a
}

// drive runs a command through the app until it settles.
func drive(t testing.TB, m tea.Model, cmd tea.Cmd) bool {
	t.Helper()
	return tuitest.Run(t, func(msg tea.Msg) tea.Cmd { _, next := m.Update(msg); return next }, cmd)
}

// press types keys into the app and runs what follows; it reports whether
// the app quit.
func press(t testing.TB, a *App, keys ...string) bool {
	t.Helper()
	quit := false
	for _, k := range keys {
		msg := tuitest.Key(k)
		quit = drive(t, a, func() tea.Msg { return msg }) || quit
	}
	return quit
}

// screenText is the app's view with trailing spaces cut from each line.
func screenText(a *App) string { return tuitest.Text(a.View()) }

// checkFrame asserts a frame fits the terminal.
func checkFrame(t testing.TB, view string, w, h int) { t.Helper(); tuitest.CheckFrame(t, view, w, h) }

// selected is the row selected on the review screen.
func selected(t testing.TB, a *App) model.TimelineRow {
	t.Helper()
	r := a.review.Selected()
	if r == nil {
		t.Fatal("no row is selected")
	}
	return *r
}
