package tui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// onKey answers the question before unsaved work is lost, quits from the
// full-screen error, and hands every other key to the screen on show.
func (a *App) onKey(k tea.KeyMsg) tea.Cmd {
	if a.confirm != "" {
		a.confirm = ""
		if k.String() == "y" || k.String() == "Y" {
			return tea.Quit
		}
		return nil
	}
	if a.current == screenFatal {
		switch k.String() {
		case "q", "ctrl+c", "esc":
			return tea.Quit
		}
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
			return nil
		}
	}
	return a.toCurrent(k)
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
