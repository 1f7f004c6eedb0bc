package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/metrics"
)

// dashboard is the trust dashboard (tui/metrics) as a state of the
// workstation. It is built on first use and kept, so coming back finds the
// reader where they left it.
type dashboard struct {
	model metrics.Model
	ready bool
	from  appState // where q and esc go back to
	quits bool     // the workstation started here: q and esc quit
	// opened says the review screen on show was opened from the dashboard,
	// so q there comes back here.
	opened bool
}

func (d *dashboard) SetSize(w, h int) {
	if d.ready {
		d.model.SetSize(w, h)
	}
}

// Update hands the dashboard its loads; it ignores other messages.
func (d *dashboard) Update(msg tea.Msg) tea.Cmd {
	if !d.ready {
		return nil
	}
	var cmd tea.Cmd
	d.model, cmd = d.model.Update(msg)
	return cmd
}

// Reload reads the numbers again: verdicts recorded meanwhile change them.
func (d *dashboard) Reload() tea.Cmd {
	if !d.ready {
		return nil
	}
	return d.model.Init()
}

func (d *dashboard) View() string { return d.model.View() }

// openMetrics shows the dashboard over the picker or the review screen (M).
func (a *App) openMetrics() (tea.Model, tea.Cmd) {
	if a.opts.Metrics == nil {
		return a, nil
	}
	if !a.dash.ready {
		a.buildDashboard()
	}
	a.dash.from, a.dash.quits = a.state, false
	return a.showMetrics()
}

func (a *App) buildDashboard() {
	m := metrics.New(metrics.Options{Store: a.opts.Metrics, Policy: a.opts.Policy, Filter: a.opts.MetricsFilter,
		Renderer: a.opts.Renderer, Context: a.opts.Context})
	// The dashboard's own Quit is how the workstation leaves it; the help
	// is short enough that q still shows at 80 columns.
	k := m.KeyMap()
	k.Quit = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "close"))
	if a.opts.Dashboard {
		k.Quit.SetHelp("q", "quit")
	}
	k.Open.SetHelp("enter", "list suggestions")
	m.SetKeyMap(k)
	a.dash.model, a.dash.ready = m, true
}

func (a *App) showMetrics() (tea.Model, tea.Cmd) {
	a.state = stateMetrics
	a.dash.SetSize(a.width, a.height)
	return a, a.dash.Reload()
}

// closeMetrics goes back to where the reader pressed M.
func (a *App) closeMetrics() (tea.Model, tea.Cmd) {
	if a.dash.quits {
		return a, tea.Quit
	}
	a.state = a.dash.from
	if a.state == stateReview && a.hasScreen {
		return a, a.screen.Refresh()
	}
	a.state = statePicker
	return a, a.cmds.incidents()
}

// onMetricsKey: q leaves the dashboard; esc closes its list of suggestions
// when one is open (the dashboard's own back) and leaves otherwise.
// tui/metrics does not say whether its list is open, so esc goes to it
// first: a frame it leaves unchanged means it had no use for the key.
func (a *App) onMetricsKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch k.String() {
	case "ctrl+c":
		return a, tea.Quit
	case "q":
		return a.closeMetrics()
	case "esc":
		before := a.dash.View()
		cmd := a.dash.Update(k)
		if cmd == nil && a.dash.View() == before {
			return a.closeMetrics()
		}
		return a, cmd
	}
	return a, a.dash.Update(k)
}

// openStep answers the dashboard's enter on a suggestion: the review
// screen of its incident with the suggestion selected and its step shown.
func (a *App) openStep(msg metrics.OpenStepMsg) (tea.Model, tea.Cmd) {
	a.dash.opened = true
	if a.hasScreen && a.screen.incident == msg.Incident {
		a.state = stateReview
		return a, a.screen.Show(msg.Suggestion, true)
	}
	return a, a.cmds.open(msg.Incident, msg.Suggestion, true)
}
