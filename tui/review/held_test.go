package review

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/tuitest"
)

// typedAhead opens the review screen and hands it keys before any of its
// loads ran, as a person typing right after enter on the picker; then it
// runs the loads and what the keys asked.
func typedAhead(t *testing.T, keys ...tea.KeyMsg) *App {
	t.Helper()
	store := openFixtures(t)
	a := &App{screen: New(tuitest.Common(store, reviewer, nil), testIncident, "", false)}
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} })
	init := a.Init()
	cmds := []tea.Cmd{init}
	for _, k := range keys {
		_, cmd := a.Update(k)
		cmds = append(cmds, cmd)
	}
	drive(t, a, tea.Batch(cmds...))
	return a
}

func TestKeysTypedBeforeTheFirstRows(t *testing.T) {
	t.Run("/ and text typed ahead search once the rows arrive", func(t *testing.T) {
		a := typedAhead(t, tuitest.Read("/quarantine")...)
		if a.screen.asking != askSearch || a.screen.prompt.Value() != "quarantine" {
			t.Errorf("asking %d with %q; want the search prompt holding quarantine", a.screen.asking, a.screen.prompt.Value())
		}
		if a.back != 0 {
			t.Error("q typed into the search left the screen")
		}
	})
	t.Run("moves typed ahead move once the rows arrive", func(t *testing.T) {
		a := typedAhead(t, tuitest.Read("jj")...)
		if a.screen.timeline.cursor != 2 {
			t.Errorf("row %d selected; want the third", a.screen.timeline.cursor)
		}
	})
	t.Run("q typed ahead leaves at once", func(t *testing.T) {
		a := typedAhead(t, tuitest.Read("jq")...)
		if a.back != 1 {
			t.Errorf("asked to leave %d times; want once", a.back)
		}
	})
	t.Run("a verdict key typed ahead is dropped with the keys after it, and the footer says so", func(t *testing.T) {
		a := typedAhead(t, append(tuitest.Read("]a"), tuitest.Key("enter"))...)
		if a.screen.form != nil || a.screen.Unsaved() != "" {
			t.Error("a verdict key typed before any row was shown opened a form")
		}
		if footer := strings.Join(strings.Fields(screenText(a)), " "); !strings.Contains(footer, "2 keys typed from a on, before the incident's rows were shown, were not taken") {
			t.Errorf("the footer does not say the keys were dropped:\n%s", screenText(a))
		}
	})
}

// A first window that failed after a newer load was asked for (a refresh,
// another open) is stale: it must not end the hold, or the keys typed
// ahead act on no rows before the newer window's arrive.
func TestAStaleFirstWindowThatFailedKeepsTheKeysHeld(t *testing.T) {
	store := &failingWindows{Store: openFixtures(t)}
	a := &App{screen: New(tuitest.Common(store, reviewer, nil), testIncident, "", false)}
	drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} })
	_, first := a.Update(a.Init()()) // the roster: the first window is asked for
	newer := a.screen.Refresh()
	for _, k := range tuitest.Read("jj") {
		drive(t, a, func() tea.Msg { return k })
	}
	store.fail = true
	drive(t, a, first)
	if !a.screen.early() {
		t.Error("the stale first window's error marked the screen ready")
	}
	store.fail = false
	drive(t, a, newer)
	if a.screen.timeline.cursor != 2 {
		t.Errorf("row %d selected; want the third, as jj typed ahead asked", a.screen.timeline.cursor)
	}
}
