// Package tui is the review workstation: an incident picker and a review
// screen where a reviewer walks an incident's timeline, reads each AI
// suggestion beside the human decision and the evidence, and records a
// verdict. It programs against model.Store and never knows SQL.
package tui

import (
	"context"
	"os"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/metrics"
	"github.com/signoff/signoff/tui/safetext"
)

// Options configure the workstation.
type Options struct {
	Store model.Store
	// Person is the --as person verdicts are recorded as.
	Person string
	// Incident opens that incident; empty starts at the picker.
	Incident string
	// Focus selects that event (or evidence record) of Incident when the
	// review screen opens, with the timeline loaded around it.
	Focus string
	// Policy classifies actions; nil uses review.DefaultPolicy().
	Policy *review.Policy
	// VerifyChain checks the audit chain. It runs in a command after the
	// first frame (verifying a large record takes seconds); the header says
	// "verifying audit chain…" until it answers, and a problem, or an error,
	// shows in a red banner. Nil skips the check.
	VerifyChain func(context.Context) (problem string, err error)
	// Metrics reads the trust metrics; with it, M opens the dashboard.
	// Nil disables the key.
	Metrics metrics.Store
	// MetricsFilter narrows the suggestions the dashboard counts.
	MetricsFilter model.MetricsFilter
	// Dashboard starts on the trust dashboard (signoff metrics --tui):
	// enter on a suggestion opens its step, q there comes back, and q on
	// the dashboard quits. It needs Metrics.
	Dashboard bool
	// Context bounds store calls; nil is context.Background().
	Context context.Context
	// Poll is how often the store is asked whether another connection
	// wrote (data_version); 0 means every 2 seconds, negative never.
	Poll time.Duration
	// Renderer draws the styles; nil renders for standard output,
	// monochrome when NO_COLOR is set or NoColor is true.
	Renderer *lipgloss.Renderer
	NoColor  bool
}

type appState int

const (
	statePicker appState = iota
	stateReview
	stateMetrics
	stateFatal
)

// App is the root model: it routes to the picker, the review screen or
// the trust dashboard, owns the refresh tick, the audit chain's check and
// the quit confirmation.
type App struct {
	opts      Options
	styles    *Styles
	cmds      storeCmds
	state     appState
	picker    Picker
	screen    Screen
	hasScreen bool // screen holds an incident (it stays while the dashboard is up)
	dash      dashboard
	chain     chainState
	help      help.Model
	fatal     error
	confirm   bool // asking whether to quit with an unsaved verdict
	version   int64
	width     int
	height    int
}

// NewApp builds the workstation; run it with tea.NewProgram(app,
// tea.WithAltScreen()).
func NewApp(opts Options) *App {
	if opts.Policy == nil {
		opts.Policy = review.DefaultPolicy()
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Poll == 0 {
		opts.Poll = 2 * time.Second
	}
	noColor := opts.NoColor || os.Getenv("NO_COLOR") != ""
	if opts.Renderer == nil {
		opts.Renderer = NewRenderer(nil, noColor)
	} else if noColor {
		opts.Renderer.SetColorProfile(termenv.Ascii)
	}
	st := NewStyles(opts.Renderer)
	h := help.New()
	h.Styles = st.Help
	a := &App{opts: opts, styles: &st, help: h,
		cmds: storeCmds{ctx: opts.Context, store: opts.Store, policy: opts.Policy}}
	a.picker = NewPicker(a.styles)
	a.picker.Keys.Metrics.SetEnabled(opts.Metrics != nil)
	a.chain.verifying = opts.VerifyChain != nil
	a.picker.SetChain(a.chain.verifying, "")
	if opts.Dashboard && opts.Metrics != nil {
		a.buildDashboard()
		a.state, a.dash.quits = stateMetrics, true
	}
	return a
}

func (a *App) Init() tea.Cmd {
	start := a.cmds.incidents()
	switch {
	case a.state == stateMetrics:
		start = a.dash.Reload()
	case a.opts.Incident != "":
		start = a.cmds.open(a.opts.Incident, a.opts.Focus, false)
	}
	return tea.Batch(start, tea.SetWindowTitle("signoff"), a.cmds.version(), a.tick(), a.verifyChain())
}

// tick schedules the next look at the store's data version.
func (a *App) tick() tea.Cmd {
	if a.opts.Poll < 0 {
		return nil
	}
	return tick(a.opts.Poll)
}

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.Width = msg.Width
		a.picker.SetSize(msg.Width, msg.Height-1)
		if a.hasScreen {
			a.screen.SetSize(msg.Width, msg.Height)
		}
		a.dash.SetSize(msg.Width, msg.Height)
		return a, nil
	case tickMsg:
		return a, tea.Batch(a.cmds.version(), a.tick())
	case versionMsg:
		return a.onVersion(msg)
	case chainMsg:
		return a.onChain(msg)
	case openMetricsMsg:
		return a.openMetrics()
	case metrics.OpenStepMsg:
		return a.openStep(msg)
	case fatalMsg:
		a.state, a.fatal = stateFatal, msg.err
		return a, nil
	case incidentsMsg:
		if msg.err != nil {
			a.state, a.fatal = stateFatal, msg.err
			return a, nil
		}
		a.picker.SetIncidents(msg.list)
		return a, nil
	case pickMsg:
		return a, a.cmds.open(msg.id, "", false)
	case openedMsg:
		if msg.err != nil {
			a.state, a.fatal = stateFatal, msg.err
			return a, nil
		}
		a.screen = NewScreen(a.styles, a.cmds, a.opts.Person, msg)
		a.hasScreen = true
		a.screen.SetMetrics(a.opts.Metrics != nil)
		a.screen.SetChain(a.chain.verifying, a.chain.problem)
		a.screen.SetSize(a.width, a.height)
		a.state = stateReview
		return a, a.screen.Init()
	case backMsg:
		return a.back()
	case tea.KeyMsg:
		return a.onKey(msg)
	}
	// Loads answer the component that asked, whichever is on screen now:
	// each ignores the other's messages.
	var cmds []tea.Cmd
	if a.hasScreen {
		var cmd tea.Cmd
		a.screen, cmd = a.screen.Update(msg)
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, a.dash.Update(msg))
	return a, tea.Batch(cmds...)
}

// back leaves the review screen: to the dashboard it was opened from, else
// to the picker, or out when the workstation was started on the incident.
func (a *App) back() (tea.Model, tea.Cmd) {
	if a.dash.opened {
		a.dash.opened = false
		return a.showMetrics()
	}
	if a.opts.Incident != "" {
		return a, tea.Quit
	}
	a.state = statePicker
	return a, a.cmds.incidents()
}

// onVersion refreshes when another connection wrote to the store.
func (a *App) onVersion(msg versionMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return a, nil // the next tick asks again; a read failure shows on the next load
	}
	changed := a.version != 0 && msg.version != a.version
	a.version = msg.version
	if !changed {
		return a, nil
	}
	switch a.state {
	case stateReview:
		return a, a.screen.Refresh()
	case statePicker:
		return a, a.cmds.incidents()
	case stateMetrics:
		return a, a.dash.Reload()
	}
	return a, nil
}

func (a *App) onKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	if a.confirm {
		a.confirm = false
		if k.String() == "y" || k.String() == "Y" {
			return a, tea.Quit
		}
		return a, nil
	}
	switch a.state {
	case stateFatal:
		if k.String() == "q" || k.String() == "ctrl+c" || k.String() == "esc" {
			return a, tea.Quit
		}
		return a, nil
	case stateMetrics:
		return a.onMetricsKey(k)
	case statePicker:
		if !a.picker.Filtering() {
			switch {
			case key.Matches(k, a.picker.Keys.Metrics):
				return a.openMetrics()
			case k.String() == "?":
				a.help.ShowAll = !a.help.ShowAll
				return a, nil
			case k.String() == "r":
				return a, a.cmds.incidents()
			case k.String() == "q" || k.String() == "ctrl+c":
				return a, tea.Quit
			}
		}
		var cmd tea.Cmd
		a.picker, cmd = a.picker.Update(k)
		return a, cmd
	}
	f := a.screen.form
	quitting := k.String() == "ctrl+c" || k.String() == "q" && f != nil && !f.InNote()
	if quitting && a.screen.Dirty() {
		a.confirm = true
		return a, nil
	}
	if k.String() == "ctrl+c" {
		return a, tea.Quit
	}
	var cmd tea.Cmd
	a.screen, cmd = a.screen.Update(k)
	return a, cmd
}

func (a *App) View() string {
	if a.width == 0 {
		return ""
	}
	switch a.state {
	case stateFatal:
		return a.fatalView()
	case stateMetrics:
		return a.dash.View()
	case stateReview:
		v := a.screen.View()
		if a.confirm {
			return replaceLastLine(v, fit(paint(a.styles.Error, safetext.Line("Unsaved verdict for "+a.screen.DirtySubject()+": quit and lose it? y quits, any other key stays")), a.width))
		}
		return v
	}
	v := a.picker.View()
	footer := fitLines(a.help.View(a.picker.Keys), a.width)
	if a.picker.Filtering() {
		footer = fitLines(a.help.ShortHelpView(DefaultSearchKeyMap().ShortHelp()), a.width)
	}
	return lipgloss.JoinVertical(lipgloss.Left, lipgloss.PlaceVertical(a.height-lipgloss.Height(footer), lipgloss.Top, v), footer)
}

// fatalView is the full screen for a store that cannot be used: the
// sentence, and the way out.
func (a *App) fatalView() string {
	msg := safetext.Line(model.ErrorMessage(a.fatal))
	body := paint(a.styles.Error, "signoff cannot go on") + "\n\n" +
		string(safetext.Truncate(msg, max(10, a.width-8))) + "\n\n" +
		paint(a.styles.Muted, fatalHint(a.fatal))
	box := a.styles.FatalBox.Width(min(a.width-2, 100)).Render(body)
	return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center, box)
}

func replaceLastLine(s, line string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '\n' {
			return s[:i+1] + line
		}
	}
	return line
}

func fatalHint(err error) safetext.Text {
	if model.ErrorCode(err) == model.ENOTFOUND {
		return "Press q to quit. `signoff incidents` lists the incidents in this database."
	}
	return "Press q to quit. Check the --db path and run `signoff verify`, then start again."
}
