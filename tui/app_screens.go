package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/metrics"
	"github.com/signoff/signoff/tui/picker"
	"github.com/signoff/signoff/tui/queue"
	"github.com/signoff/signoff/tui/review"
	"github.com/signoff/signoff/tui/train"
)

// show puts a screen on show, building it on first use; coming back to a
// built one reloads it, since others may have written meanwhile.
func (a *App) show(s screen) tea.Cmd {
	a.goTo(s)
	if a.built[s] {
		return a.refresh(s)
	}
	a.built[s] = true
	c := a.Common
	switch s {
	case screenPicker:
		a.picker = picker.New(c)
		a.picker.SetChain(a.chain.verifying, a.chain.shown())
		a.picker.SetSize(a.Width, a.Height)
		return a.picker.Init()
	case screenQueue:
		a.queue = queue.New(c)
		a.queue.SetClaimFor(a.opts.ClaimFor)
		a.queue.SetSize(a.Width, a.Height-a.bannerHeight(screenQueue))
		return a.queue.Init()
	case screenTrain:
		a.train = train.New(c, a.opts.Training)
		a.train.SetSize(a.Width, a.Height-a.bannerHeight(screenTrain))
		return a.train.Init()
	case screenMetrics:
		a.dash = metrics.New(c, a.opts.MetricsFilter)
		a.dash.KeyMap.Quit.SetEnabled(true)
		a.dash.KeyMap.Open.SetHelp("enter", "list suggestions")
		a.dash.SetSize(a.Width, a.Height-a.bannerHeight(screenMetrics))
		return a.dash.Init()
	}
	return nil
}

// refresh reloads a screen's data.
func (a *App) refresh(s screen) tea.Cmd {
	switch s {
	case screenPicker:
		return a.picker.Refresh()
	case screenReview:
		return a.review.Refresh()
	case screenQueue:
		return a.queue.Refresh()
	case screenMetrics:
		return a.dash.Init()
	case screenTrain:
		return a.train.Refresh()
	}
	return nil
}

// openIncident shows the review screen of an incident: the one already
// built when it holds that incident (selecting Focus there), else a new one.
func (a *App) openIncident(msg common.OpenIncidentMsg) tea.Cmd {
	if a.built[screenReview] && a.review.Incident() == msg.ID {
		a.goTo(screenReview)
		if msg.Focus == "" {
			return a.review.Refresh()
		}
		return a.review.Show(msg.Focus, msg.Step)
	}
	if a.built[screenReview] {
		// The review screen on the way back holds another incident: it
		// is kept there, to be found as it was left.
		prev := a.review
		for i := range a.back {
			if a.back[i].s == screenReview && a.back[i].review == nil {
				a.back[i].review = &prev
			}
		}
	}
	a.goTo(screenReview)
	a.built[screenReview] = true
	a.review = review.New(a.Common, msg.ID, msg.Focus, msg.Step)
	a.review.SetChain(a.chain.verifying, a.chain.shown())
	a.review.SetSize(a.Width, a.Height)
	return tea.Batch(a.review.Init(), a.checkIncident(msg.ID))
}

// openTraining starts a new run on an incident: a run is walked once, so
// each start builds the screen anew.
func (a *App) openTraining(msg common.OpenTrainingMsg) tea.Cmd {
	a.goTo(screenTrain)
	a.built[screenTrain] = true
	a.train = train.New(a.Common, train.Options{Incident: msg.ID})
	a.train.SetSize(a.Width, a.Height-a.bannerHeight(screenTrain))
	return a.train.Init()
}

// place is a screen on the way back. A review screen left for another
// incident's keeps its model here, so going back finds the first incident
// where the reader left it (selection, filter, search), read afresh.
type place struct {
	s      screen
	review *review.Model
}

// maxBack bounds the way back: going round between screens (a review, the
// dashboard, a step it lists, the dashboard again…) pushes every step, and
// past this the oldest after the first screen are forgotten.
const maxBack = 64

// goTo makes s the screen on show, remembering the one it came from: q
// and esc then go back exactly one screen, whatever the way here was.
func (a *App) goTo(s screen) {
	if s == a.current {
		return
	}
	if a.built[a.current] {
		a.push(place{s: a.current})
	}
	a.current = s
}

// push remembers p as the screen to go back to.
func (a *App) push(p place) {
	if len(a.back) >= maxBack {
		a.back = append(a.back[:1], a.back[2:]...)
	}
	a.back = append(a.back, p)
}

// leave goes back to the screen the one on show was opened from, or quits
// when there is none.
func (a *App) leave() tea.Cmd {
	if len(a.back) == 0 {
		return tea.Quit
	}
	prev := a.back[len(a.back)-1]
	a.back = a.back[:len(a.back)-1]
	a.current = prev.s
	if prev.review != nil {
		a.review = *prev.review
		a.review.SetChain(a.chain.verifying, a.chain.shown())
		a.review.SetSize(a.Width, a.Height-a.bannerHeight(screenReview))
	}
	a.labelBack()
	return a.refresh(prev.s)
}

// labelBack tells the screen on show whether q goes back or quits: only
// the first screen, with nothing behind it, quits.
func (a *App) labelBack() {
	first := len(a.back) == 0
	switch a.current {
	case screenReview:
		a.review.SetFirst(first)
	case screenQueue:
		a.queue.KeyMap.Quit.SetHelp("q", "back")
		if first {
			a.queue.KeyMap.Quit.SetHelp("q", "quit")
		}
	case screenMetrics:
		// q closes the dashboard, or quits when it is the first screen;
		// esc closes it, and does nothing there (esc never quits).
		a.dash.KeyMap.Quit.SetHelp("q", "close")
		a.dash.KeyMap.Close.SetEnabled(!first)
		if first {
			a.dash.KeyMap.Quit.SetHelp("q", "quit")
		}
	}
}

// route opens the screen a screen asked for, or leaves the one on show.
func (a *App) route(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case common.OpenIncidentMsg:
		cmd = a.openIncident(msg)
	case common.OpenMetricsMsg:
		cmd = a.show(screenMetrics)
	case common.OpenQueueMsg:
		cmd = a.show(screenQueue)
	case common.OpenTrainingMsg:
		cmd = a.openTraining(msg)
	case common.BackMsg:
		return a.leaveThenHeld()
	default:
		return nil
	}
	a.labelBack()
	return cmd
}

// leaveThenHeld leaves the screen on show and hands the keys read while it
// was closing to the one it went back to, each as if typed there. Quitting
// drops them: there is nothing left for them to act on.
func (a *App) leaveThenHeld() tea.Cmd {
	held := a.held
	a.held = nil
	if len(a.back) == 0 {
		return a.leave()
	}
	cmds := []tea.Cmd{a.leave()}
	for _, k := range held {
		cmds = append(cmds, a.onKey(k))
	}
	return tea.Batch(cmds...)
}

// followAsk goes where the screen on show asked to during the message just
// handed it (common.Asking), at once, before the next key is read. What
// another screen asked is forgotten: only the screen on show moves the
// person. Keys the screen held and passed on (common.Asking.PassOn) then go
// to the screen it opened.
func (a *App) followAsk() tea.Cmd {
	var asked tea.Msg
	var rest []tea.KeyMsg
	take := func(s screen, as *common.Asking) {
		if msg, keys := as.TakeAsk(), as.TakeRest(); a.built[s] && s == a.current {
			asked, rest = msg, keys
		}
	}
	take(screenPicker, &a.picker.Asking)
	take(screenReview, &a.review.Asking)
	take(screenQueue, &a.queue.Asking)
	take(screenTrain, &a.train.Asking)
	take(screenMetrics, &a.dash.Asking)
	from := a.current
	cmds := []tea.Cmd{a.route(asked)}
	if a.current == from {
		rest = nil // quitting: nothing is left for them to act on
	}
	for _, k := range rest {
		cmds = append(cmds, a.onKey(k))
	}
	return tea.Batch(cmds...)
}
