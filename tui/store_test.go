package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/metrics"
)

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
// The trust dashboard is there when the store has the metrics, as it is
// in the product.
func newTestApp(t testing.TB, s model.Store, person, incident string, w, h int) *App {
	t.Helper()
	return newTestAppWith(t, Options{Store: s, Person: person, Incident: incident}, w, h)
}

// newTestAppWith is newTestApp with more options; Metrics defaults to the
// store when it has the metrics.
func newTestAppWith(t testing.TB, o Options, w, h int) *App {
	t.Helper()
	o.Poll, o.Renderer = -1, plainRenderer()
	if ms, ok := o.Store.(metrics.Store); ok && o.Metrics == nil {
		o.Metrics = ms
	}
	a := NewApp(o)
	drive(t, a, a.Init())
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} })
	return a
}

// drive feeds the message a command produces to the model, runs every
// command that follows, and stops when nothing is left: the program loop
// of Bubble Tea without a terminal.
func drive(t testing.TB, m tea.Model, cmd tea.Cmd) {
	t.Helper()
	cmdType := reflect.TypeOf(tea.Cmd(nil))
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100000 {
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
		// Batches and sequences carry commands; run them in order.
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if reflect.TypeOf(msg).String() == "tea.QuitMsg" {
			continue
		}
		_, next := m.Update(msg)
		queue = append(queue, next)
	}
}

// press types keys into the app and runs what follows.
func press(t testing.TB, a *App, keys ...string) {
	t.Helper()
	for _, k := range keys {
		msg := keyMsg(k)
		drive(t, a, func() tea.Msg { return msg })
	}
}

// screenText is the app's view with trailing spaces cut from each line.
func screenText(a *App) string {
	lines := strings.Split(ansi.Strip(a.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
