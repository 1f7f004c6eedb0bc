// Package metrics is the AI trust dashboard: per agent and per action type,
// acceptance, override, hindsight precision and Brier score, a month-by-month
// chart, a reliability diagram, and the suggestions behind every number.
package metrics

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// cellsLoadedMsg carries the store's sums.
type cellsLoadedMsg struct {
	cells []model.MetricCell
	err   error
}

// pageLoadedMsg carries one page of the suggestions behind a row.
type pageLoadedMsg struct {
	filter model.MetricsFilter
	rows   []model.SuggestionFact
	err    error
}

type tab int

const (
	tabAgents tab = iota
	tabActions
)

// pageSize is how many suggestions one store call lists.
const pageSize = 100

// Model is the dashboard component (bubbles shape).
type Model struct {
	common.Common
	common.Asking
	KeyMap  KeyMap
	filter  model.MetricsFilter // the suggestions every number counts
	help    help.Model
	focused bool

	cells  []model.MetricCell
	report review.MetricsReport
	loaded bool
	err    error  // the sums could not be read: full screen
	flash  string // a recoverable problem, shown in the footer until the next key

	tab    tab
	cursor [2]int
	list   *list // the suggestions behind the selected row, when open
}

// New returns the dashboard over the suggestions filter selects; Init
// loads the numbers.
func New(c common.Common, filter model.MetricsFilter) Model {
	if c.Width == 0 {
		c.SetSize(80, 24)
	}
	return Model{Common: c, KeyMap: DefaultKeyMap(c.Keys), filter: filter, help: c.NewHelp(), focused: true}
}

// Init loads the sums.
func (m Model) Init() tea.Cmd { return m.loadCells() }

func (m Model) loadCells() tea.Cmd {
	ctx, store, f := m.Ctx, m.Store, m.filter
	return func() tea.Msg {
		cells, err := store.MetricCells(ctx, f)
		return cellsLoadedMsg{cells, err}
	}
}

func (m Model) loadPage(f model.MetricsFilter, after *model.MetricsCursor) tea.Cmd {
	ctx, store := m.Ctx, m.Store
	return func() tea.Msg {
		rows, err := store.MetricSuggestions(ctx, f, after, pageSize)
		return pageLoadedMsg{f, rows, err}
	}
}

// SetSize sets the screen size the view fills.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.help.Width = w
}

func (m *Model) Focus()       { m.focused = true }
func (m *Model) Blur()        { m.focused = false }
func (m Model) Focused() bool { return m.focused }

// activeKeys are the keys that do something on the current view, with
// help that says what: help never lists a key that does nothing.
func (m Model) activeKeys() KeyMap {
	k := m.KeyMap
	if m.list != nil {
		// q and esc close the list; ctrl+c is the router's.
		k.Switch.SetEnabled(false)
		k.Refresh.SetEnabled(false)
		k.Close.SetEnabled(false)
		k.Quit.SetEnabled(false)
		k.Open.SetHelp("enter", "open the step")
	} else {
		k.Back.SetEnabled(false)
	}
	return k
}

// Update handles loads and keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case cellsLoadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.cells, m.loaded = msg.cells, true
			m.report = review.Summarise(msg.cells, m.Policy)
			m.clampCursor()
		}
		return m, nil
	case pageLoadedMsg:
		if m.list == nil || m.list.filter != msg.filter {
			return m, nil // the reader has moved on
		}
		if msg.err != nil {
			m.list.loading = false
			m.flash = model.ErrorMessage(msg.err)
			return m, nil
		}
		m.list.add(msg.rows)
		return m, nil
	case tea.KeyMsg:
		if !m.focused {
			return m, nil
		}
		m.flash = ""
		if common.IsText(msg) {
			if msg.Paste {
				m.flash = common.PasteIgnored
				return m, nil
			}
			return common.EachPress(m, msg, func(m Model, k tea.KeyMsg) (Model, tea.Cmd) { return m.Update(k) })
		}
		k := m.activeKeys()
		if key.Matches(msg, k.Help) {
			m.help.ShowAll = !m.help.ShowAll
			return m, nil
		}
		if key.Matches(msg, k.Refresh) {
			return m, m.loadCells()
		}
		if key.Matches(msg, k.Quit) || key.Matches(msg, k.Close) {
			m.Ask(common.BackMsg{})
			return m, nil
		}
		if m.list != nil {
			return m.updateList(msg, k)
		}
		return m.updateOverview(msg, k)
	}
	return m, nil
}

func (m Model) updateOverview(msg tea.KeyMsg, k KeyMap) (Model, tea.Cmd) {
	n := len(m.rowKeys())
	c := &m.cursor[m.tab]
	switch {
	case key.Matches(msg, k.Up):
		*c--
	case key.Matches(msg, k.Down):
		*c++
	case key.Matches(msg, k.PageUp):
		*c -= m.tableRows()
	case key.Matches(msg, k.PageDown):
		*c += m.tableRows()
	case key.Matches(msg, k.Top):
		*c = 0
	case key.Matches(msg, k.Bottom):
		*c = n - 1
	case key.Matches(msg, k.Switch):
		m.tab = 1 - m.tab
	case key.Matches(msg, k.Open):
		if n == 0 {
			return m, nil
		}
		f := m.filter
		row := m.rowKeys()[*c]
		title := "agent " + row
		if m.tab == tabAgents {
			f.Agent = row
		} else {
			f.Action, title = row, "action type "+row
		}
		m.list = newList(f, title, m.selected().Suggestions)
		return m, m.loadPage(f, nil)
	}
	m.clampCursor()
	return m, nil
}

func (m Model) updateList(msg tea.KeyMsg, k KeyMap) (Model, tea.Cmd) {
	l := m.list
	switch {
	case key.Matches(msg, k.Back):
		m.list = nil
		return m, nil
	case key.Matches(msg, k.Up):
		l.move(-1, m.listRows())
	case key.Matches(msg, k.Down):
		l.move(1, m.listRows())
	case key.Matches(msg, k.PageUp):
		l.move(-m.listRows(), m.listRows())
	case key.Matches(msg, k.PageDown):
		l.move(m.listRows(), m.listRows())
	case key.Matches(msg, k.Top):
		l.move(-len(l.rows), m.listRows())
	case key.Matches(msg, k.Bottom):
		// To the last row loaded; reaching it loads the next page, so G
		// again goes further, as far as the store has rows.
		l.move(len(l.rows), m.listRows())
	case key.Matches(msg, k.Open):
		if f, ok := l.current(); ok {
			m.Ask(common.OpenIncidentMsg{ID: f.Incident, Focus: f.Suggestion, Step: true})
			return m, nil
		}
		return m, nil
	}
	if l.wantsMore(m.listRows()) {
		l.loading = true
		after := l.rows[len(l.rows)-1].Cursor()
		return m, m.loadPage(l.filter, &after)
	}
	return m, nil
}

// rowKeys are the agents or action types of the current tab.
func (m Model) rowKeys() []string {
	var ks []string
	if m.tab == tabAgents {
		for _, a := range m.report.ByAgent {
			ks = append(ks, a.Agent)
		}
	} else {
		for _, a := range m.report.ByAction {
			ks = append(ks, a.Action)
		}
	}
	return ks
}

// selected is the metrics of the selected row (zero when there is none).
func (m Model) selected() review.Metrics {
	c := m.cursor[m.tab]
	if m.tab == tabAgents && c < len(m.report.ByAgent) {
		return m.report.ByAgent[c].Metrics
	}
	if m.tab == tabActions && c < len(m.report.ByAction) {
		return m.report.ByAction[c].Metrics
	}
	return review.Metrics{}
}

// keep selects the cells of the selected row.
func (m Model) keep() func(model.MetricCell) bool {
	ks := m.rowKeys()
	if len(ks) == 0 {
		return func(model.MetricCell) bool { return false }
	}
	k := ks[m.cursor[m.tab]]
	if m.tab == tabAgents {
		return func(c model.MetricCell) bool { return c.Agent == k }
	}
	return func(c model.MetricCell) bool { return c.Action == k }
}

func (m *Model) clampCursor() {
	for t := range m.cursor {
		n := len(m.report.ByAgent)
		if tab(t) == tabActions {
			n = len(m.report.ByAction)
		}
		m.cursor[t] = max(0, min(m.cursor[t], n-1))
	}
}
