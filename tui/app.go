// Package tui is the workstation's router: one Bubble Tea program per
// terminal that owns the shared context (tui/common), builds the screens
// on it (tui/picker, tui/review, tui/queue, tui/train, tui/metrics) and
// switches between them when one asks. It also owns what no single screen
// should: the look at the store for other writers, the check of the audit
// chain, the full-screen error and the question before unsaved work is
// lost. Screens never import one another or this package.
package tui

import (
	"context"
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/metrics"
	"github.com/signoff/signoff/tui/picker"
	"github.com/signoff/signoff/tui/queue"
	"github.com/signoff/signoff/tui/review"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/train"
)

// Start names the first screen.
type Start int

const (
	// StartReview opens the review screen of Options.Incident, or the
	// incident picker when it is empty.
	StartReview Start = iota
	StartQueue
	StartTraining
	StartMetrics
)

// Options configure the workstation.
type Options struct {
	common.Options
	Start Start
	// Incident and Focus open the review screen on that incident, with
	// that event (or evidence record) selected.
	Incident string
	Focus    string
	// Training starts a run (StartTraining).
	Training train.Options
	// MetricsFilter narrows the suggestions the dashboard counts.
	MetricsFilter model.MetricsFilter
	// VerifyChain checks the audit chain. It runs in a command after the
	// first frame (verifying a large record takes seconds); the header says
	// "verifying audit chain…" until it answers, and a problem, or an error,
	// shows in a red banner. Nil skips the check.
	VerifyChain func(context.Context) (problem string, err error)
	// Poll is how often the store is asked whether another connection
	// wrote (data_version); 0 means every 2 seconds, negative never (and
	// then the screens' one-second clock does not tick either).
	Poll time.Duration
	// ClaimFor is how long a claim made in the queue holds; 0 means
	// queue.DefaultClaim.
	ClaimFor time.Duration
}

type screen int

const (
	screenPicker screen = iota
	screenReview
	screenQueue
	screenTrain
	screenMetrics
	screenFatal
)

// App is the root model.
type App struct {
	common.Common
	opts    Options
	current screen
	// back holds the screens to return to, most recent last; leaving a
	// screen with nothing behind it quits.
	back []place
	// built says which screens exist; a screen is built on first use and
	// kept, so coming back finds the reader where they left.
	built   map[screen]bool
	picker  picker.Model
	review  review.Model
	queue   queue.Model
	train   train.Model
	dash    metrics.Model
	chain   chainState
	fatal   error
	confirm string // the unsaved work quitting would lose, while asking
	// confirmBack says q asked (back one screen), not ctrl+c (quit).
	confirmBack bool
	version     int64
	// offline is why the database cannot be reached, "" while it can: a
	// server that restarts, a network that drops. A banner says so until
	// the store answers again, and the screen then reads afresh.
	offline string
	// unwatched is why the store can no longer say when it was written,
	// other than being away (its file was replaced by a restore): a
	// banner says so until it answers again.
	unwatched string
	ended     string // why the workstation was ended from outside (EndMsg)
	// held are the keys read while the screen on show closes what it has
	// open before going back (a training run): they are meant for the
	// screen it goes back to, and go there, in order, when it has.
	held []tea.KeyMsg
	// fatalOver is the screen the full-screen error replaced: over a
	// training run that hides the case, the error is said in its terms.
	fatalOver screen
	// checked are the incidents whose rows were held to the chain this
	// run (checkIncident).
	checked map[string]bool
}

// FrameRate is how many times a second the workstation may draw. Bubble
// Tea wakes at this rate whether or not anything changed: at its default
// of 60 an idle queue took 1.6 % of a core, 1.1 % at 30 (ticks read from
// /proc over 20 s), which counts under serve with many sessions; 33 ms is
// still well under what a person sees as lag between key and screen.
const FrameRate = 30

// New builds the workstation; run it with tea.NewProgram(app,
// tea.WithAltScreen(), tea.WithFPS(FrameRate)).
func New(o Options) *App {
	if o.Poll == 0 {
		o.Poll = 2 * time.Second
	}
	a := &App{Common: common.New(o.Options), opts: o, built: map[screen]bool{}}
	a.chain.verifying = o.VerifyChain != nil
	return a
}

func (a *App) Init() tea.Cmd {
	var first tea.Cmd
	switch a.opts.Start {
	case StartQueue:
		first = a.show(screenQueue)
	case StartTraining:
		first = a.show(screenTrain)
	case StartMetrics:
		first = a.show(screenMetrics)
	default:
		if a.opts.Incident != "" {
			first = a.openIncident(common.OpenIncidentMsg{ID: a.opts.Incident, Focus: a.opts.Focus})
		} else {
			first = a.show(screenPicker)
		}
	}
	a.back = nil // the first screen has nothing behind it
	a.labelBack()
	// The data version is read before the first screen loads: a write
	// committed between the two then moves the version past the one
	// read, and the next look refreshes the screen. Read after, the
	// version would already count that write and the screen would never
	// show it. The chain's check starts once the first screen has its
	// data: on two cores it would otherwise take CPU from the first frame.
	return tea.Batch(tea.Sequence(a.readVersion(), first, a.verifyChain()), a.tick(), a.watch(), a.clock())
}

// Title is the terminal title for the workstation's first screen. Whoever
// runs the program writes it before the program starts (WriteTitle):
// Bubble Tea's own SetWindowTitle writes to the terminal outside the
// renderer's lock, racing the frame being drawn.
func (a *App) Title() string {
	switch a.opts.Start {
	case StartQueue:
		return "signoff queue"
	case StartTraining:
		return "signoff training"
	}
	return "signoff"
}

// WriteTitle sets the terminal's title to the workstation's own words;
// nothing from the record is ever put in a title.
func (a *App) WriteTitle(w io.Writer) error {
	_, err := io.WriteString(w, ansi.SetWindowTitle(a.Title()))
	return err
}

// Err is the error that stopped the workstation, if one did.
func (a *App) Err() error { return a.fatal }

// Ended is why the workstation was ended from outside (EndMsg), "" when
// the person left it.
func (a *App) Ended() string { return a.ended }

// Training is the training run as saved, and why it could not be closed.
// A run left unfinished has its EndedAt only once its close has landed.
func (a *App) Training() (model.TrainingRun, error) { return a.train.Run(), a.train.Err() }

// TrainingStartUnanswered reports whether training was left before the
// store answered its run's start, and Settle heard no answer either: a
// run may have started, and been left open.
func (a *App) TrainingStartUnanswered() bool { return a.train.StartUnanswered() }

// Settle waits, until ctx is done, for what the person left before the
// store answered: ctrl+c leaves training while its run is being closed.
// Call it once the program has ended, before the store is let go.
func (a *App) Settle(ctx context.Context) { a.train.Settle(ctx) }

func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, nil
	case tickMsg:
		return a, tea.Batch(a.readVersion(), a.tick())
	case changedMsg:
		return a, tea.Batch(a.readVersion(), a.watch())
	case clockMsg:
		return a, tea.Batch(a.broadcast(common.ClockMsg(msg)), a.clock())
	case versionMsg:
		return a, a.onVersion(msg)
	case chainMsg:
		a.onChain(msg)
		return a, nil
	case incidentCheckedMsg:
		a.onReadFault(msg.fault)
		return a, nil
	case common.FatalMsg:
		if a.current != screenFatal {
			a.fatalOver = a.current
		}
		a.current, a.fatal = screenFatal, a.privateErr(a.fatalOver, msg.Err)
		return a, nil
	case common.OpenIncidentMsg, common.OpenMetricsMsg, common.OpenQueueMsg, common.OpenTrainingMsg, common.BackMsg:
		if a.current == screenFatal {
			// A late answer (a training run closed) must not hide the
			// error: that screen is left only by quitting.
			return a, nil
		}
		return a, a.route(msg)
	case common.EndMsg:
		// Nothing more may be written in this workstation: whatever form is
		// open is dropped, as when the connection drops.
		a.ended = msg.Reason
		return a, tea.Quit
	case tea.KeyMsg:
		// Bubble Tea hands every program the same rune slice for some keys
		// (a space), and bubbles' text inputs clean a key's runes in place:
		// the screens get a copy, or two sessions of signoff serve typing
		// at once would write one slice from two goroutines. The copy shows
		// what draws as nothing as its escape (safetext.Typed): text fields
		// show their text raw.
		msg.Runes = safetext.Typed(msg.Runes)
		return a, a.onKey(msg)
	}
	// Loads answer the screen that asked, whichever is on show now: each
	// ignores the others' messages. A load may take keys the queue held,
	// and one of them may leave.
	cmd := a.broadcast(msg)
	return a, tea.Batch(cmd, a.followAsk())
}

// broadcast hands a message to every screen built.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	var cmd tea.Cmd
	if a.built[screenPicker] {
		a.picker, cmd = a.picker.Update(msg)
		cmds = append(cmds, cmd)
	}
	if a.built[screenReview] {
		a.review, cmd = a.review.Update(msg)
		cmds = append(cmds, cmd)
	}
	if a.built[screenQueue] {
		a.queue, cmd = a.queue.Update(msg)
		cmds = append(cmds, cmd)
	}
	if a.built[screenTrain] {
		a.train, cmd = a.train.Update(msg)
		cmds = append(cmds, cmd)
	}
	if a.built[screenMetrics] {
		a.dash, cmd = a.dash.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// toCurrent hands a key to the screen on show, and goes where it asked:
// the next key then already reaches the screen it opened.
func (a *App) toCurrent(msg tea.Msg) tea.Cmd {
	cmd := a.toScreen(msg)
	return tea.Batch(cmd, a.followAsk())
}

// toScreen hands a message to the screen on show.
func (a *App) toScreen(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch a.current {
	case screenPicker:
		a.picker, cmd = a.picker.Update(msg)
	case screenReview:
		a.review, cmd = a.review.Update(msg)
	case screenQueue:
		a.queue, cmd = a.queue.Update(msg)
	case screenTrain:
		a.train, cmd = a.train.Update(msg)
	case screenMetrics:
		a.dash, cmd = a.dash.Update(msg)
	}
	return cmd
}

func (a *App) resize(w, h int) {
	a.SetSize(w, h)
	if a.built[screenPicker] {
		a.picker.SetSize(w, h-a.bannerHeight(screenPicker))
	}
	if a.built[screenReview] {
		a.review.SetSize(w, h-a.bannerHeight(screenReview))
	}
	if a.built[screenQueue] {
		a.queue.SetSize(w, h-a.bannerHeight(screenQueue))
	}
	if a.built[screenTrain] {
		a.train.SetSize(w, h-a.bannerHeight(screenTrain))
	}
	if a.built[screenMetrics] {
		a.dash.SetSize(w, h-a.bannerHeight(screenMetrics))
	}
}
