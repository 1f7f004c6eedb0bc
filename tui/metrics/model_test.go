package metrics

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

func TestEnterOnASuggestionAsksToOpenItsStep(t *testing.T) {
	m := keys(t, loaded(t, sampleStore(), 80, 24), "enter", "j")
	m, _ = m.Update(tea.KeyMsg{Type: tea.KeyEnter})
	want := common.OpenIncidentMsg{ID: "INC-7", Focus: "S2", Step: true}
	if got, ok := m.TakeAsk().(common.OpenIncidentMsg); !ok || got != want {
		t.Errorf("enter gave %#v; want %#v", got, want)
	}
}

func TestTheListAsksTheStoreForTheSelectedRowOnly(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		want model.MetricsFilter
	}{
		{"an agent's row lists that agent's suggestions", []string{"enter"}, model.MetricsFilter{Agent: "remediator"}},
		{"an action type's row lists suggestions of that type", []string{"tab", "j", "enter"}, model.MetricsFilter{Action: "isolate_host"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := sampleStore()
			m := keys(t, loaded(t, store, 80, 24), tt.keys...)
			if m.list == nil {
				t.Fatal("no list is open")
			}
			if last := store.calls[len(store.calls)-1]; last != tt.want {
				t.Errorf("the store was asked for %+v; want %+v", last, tt.want)
			}
		})
	}
}

func TestScrollingToTheEndOfAPageLoadsTheNext(t *testing.T) {
	m := keys(t, loaded(t, sampleStore(), 80, 24), "enter")
	if len(m.list.rows) != pageSize {
		t.Fatalf("the first page holds %d rows; want %d", len(m.list.rows), pageSize)
	}
	for range 6 {
		m = keys(t, m, "pgdown")
	}
	if len(m.list.rows) != 130 || !m.list.done {
		t.Errorf("after paging down %d rows are loaded (done %v); want all 130 and done", len(m.list.rows), m.list.done)
	}
	if !strings.Contains(m.View(), "▸ INC-7/S") {
		t.Error("the selected suggestion is not marked in the view")
	}
}

func TestEscLeavesTheListAndKeepsTheSelection(t *testing.T) {
	m := keys(t, loaded(t, sampleStore(), 80, 24), "j", "enter", "esc")
	if m.list != nil || m.cursor[tabAgents] != 1 {
		t.Errorf("after esc the list is %v and the cursor %d; want no list and the second agent", m.list, m.cursor[tabAgents])
	}
}

func TestAPageForAListTheReaderLeftIsDropped(t *testing.T) {
	m := keys(t, loaded(t, sampleStore(), 80, 24), "enter")
	m, _ = m.Update(pageLoadedMsg{filter: model.MetricsFilter{Agent: "someone else"}, rows: []model.SuggestionFact{{Suggestion: "X"}}})
	for _, r := range m.list.rows {
		if r.Suggestion == "X" {
			t.Fatal("a page for another filter was added to the list")
		}
	}
}

func TestAStoreFailureFillsTheScreenAndCtrlRRetries(t *testing.T) {
	store := sampleStore()
	store.err = model.Errorf(model.ECONFLICT, "database is locked")
	m := loaded(t, store, 80, 24)
	if v := m.View(); !strings.Contains(v, "could not be read") || !strings.Contains(v, "database is locked") {
		t.Fatalf("the failure view is %q", v)
	}
	store.err = nil
	m = keys(t, m, "ctrl+r")
	if m.err != nil || !strings.Contains(m.View(), "AI TRUST METRICS") {
		t.Errorf("after ctrl+r the view is %q", m.View())
	}
}

func TestKeysThatDoNothingAreNotInTheHelp(t *testing.T) {
	overview := loaded(t, sampleStore(), 200, 24)
	list := keys(t, overview, "enter")
	if h := overview.footer(); strings.Contains(h, "back") || strings.Contains(h, "quit") {
		t.Errorf("the overview's help offers back or quit, which do nothing there: %q", h)
	}
	if h := list.footer(); strings.Contains(h, "agents/actions") || !strings.Contains(h, "open the step") {
		t.Errorf("the list's help is %q; want open the step and no tab", h)
	}
}

func TestLeavingTheDashboard(t *testing.T) {
	enabled := func(m Model) Model {
		m.KeyMap.Quit.SetEnabled(true)
		m.KeyMap.Close.SetEnabled(true)
		return m
	}
	asksBack := func(m Model, _ tea.Cmd) bool {
		_, ok := m.TakeAsk().(common.BackMsg)
		return ok
	}
	t.Run("q asks the router to leave once the router enables it", func(t *testing.T) {
		m := loaded(t, sampleStore(), 80, 24)
		if asksBack(m.Update(tuitest.Key("q"))) {
			t.Error("q left although Quit is disabled")
		}
		if !asksBack(enabled(m).Update(tuitest.Key("q"))) {
			t.Error("q did not ask to leave")
		}
	})
	t.Run("esc closes the list first and leaves from the overview once the router enables it", func(t *testing.T) {
		m := keys(t, enabled(loaded(t, sampleStore(), 80, 24)), "enter")
		m, cmd := m.Update(tuitest.Key("esc"))
		if asksBack(m, cmd) || m.list != nil {
			t.Fatal("esc in the list did not just close it")
		}
		if !asksBack(m.Update(tuitest.Key("esc"))) {
			t.Error("esc on the overview did not ask to leave")
		}
	})
	t.Run("q in the list closes it, as esc does", func(t *testing.T) {
		m := keys(t, enabled(loaded(t, sampleStore(), 80, 24)), "enter")
		if m, cmd := m.Update(tuitest.Key("q")); asksBack(m, cmd) || m.list != nil {
			t.Error("q in the list did not just close it")
		}
	})
}
