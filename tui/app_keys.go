package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
)

// onKey answers the question before unsaved work is lost, quits from the
// full-screen error, and hands every other key to the screen on show.
// Characters read at once are text when the screen is in a text field,
// else one press each, so the router's own keys (q, ctrl+c, y) mean the
// same however fast they came.
func (a *App) onKey(k tea.KeyMsg) tea.Cmd {
	if common.IsText(k) && !k.Paste && !a.inText() {
		var cmds []tea.Cmd
		for _, p := range common.Presses(k) {
			cmds = append(cmds, a.onKey(p))
		}
		return tea.Batch(cmds...)
	}
	if a.confirm != "" {
		back := a.confirmBack
		a.confirm, a.confirmBack = "", false
		switch {
		case k.String() != "y" && k.String() != "Y":
			return nil
		case back:
			// q means back: the work is given up and the screen behind
			// shows, as q does with nothing being written.
			a.review = a.review.Discard()
			return a.leaveThenHeld()
		}
		return tea.Quit
	}
	if a.current == screenFatal {
		switch k.String() {
		case "q", "ctrl+c", "esc":
			return tea.Quit
		}
		return nil
	}
	if a.leaving() && k.String() != "ctrl+c" {
		a.held = append(a.held, k)
		return nil
	}
	switch {
	case k.String() == "ctrl+c" && a.current == screenTrain:
		// Training closes its run as unfinished before it lets go.
		return a.toCurrent(k)
	case k.String() == "ctrl+c":
		if a.confirm = a.unsaved(); a.confirm != "" {
			return nil
		}
		return tea.Quit
	case k.String() == "q" && a.current == screenReview && !a.review.InText():
		// q outside a text field leaves the screen, which would drop a
		// verdict being written.
		if a.confirm = a.unsaved(); a.confirm != "" {
			a.confirmBack = true
			return nil
		}
	}
	return a.toCurrent(k)
}

// leaving reports whether the screen on show goes back once the store
// answers: training closes its run first.
func (a *App) leaving() bool { return a.current == screenTrain && a.train.Leaving() }

// inText reports whether the screen on show takes keys into a text field.
func (a *App) inText() bool {
	switch a.current {
	case screenPicker:
		return a.picker.Filtering()
	case screenReview:
		return a.review.InText()
	case screenQueue:
		return a.queue.InText()
	case screenTrain:
		return a.train.InText()
	}
	return false
}

// unsaved names the work being written on the screen on show, "" when
// there is none.
func (a *App) unsaved() string {
	switch a.current {
	case screenReview:
		return a.review.Unsaved()
	case screenQueue:
		return a.queue.Unsaved()
	}
	return ""
}
