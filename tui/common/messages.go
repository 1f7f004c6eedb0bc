package common

import "time"

// What a screen asks the router for: a screen never opens another screen
// itself, it asks. A key asks with Asking.Ask, so the switch happens before
// the next key; a command's answer sends the message (Send).

// OpenIncidentMsg opens the review screen of an incident. Focus selects
// that event (or evidence record) first; Step shows its step pane.
type OpenIncidentMsg struct {
	ID    string
	Focus string
	Step  bool
}

// OpenMetricsMsg opens the trust dashboard over the screen on show.
type OpenMetricsMsg struct{}

// OpenQueueMsg opens the pending-approvals queue over the screen on show.
type OpenQueueMsg struct{}

// OpenTrainingMsg starts a training run on an incident over the screen on
// show; leaving the run comes back.
type OpenTrainingMsg struct{ ID string }

// EndMsg ends the workstation from outside, whatever is on show: the
// server sends it when the session's key is revoked or the server stops.
// Reason is the sentence the person is left with.
type EndMsg struct{ Reason string }

// BackMsg leaves the screen on show: to the one it was opened from, or out
// of the program when it is the first.
type BackMsg struct{}

// FatalMsg replaces every screen with the full-screen error: the store
// itself is failing.
type FatalMsg struct{ Err error }

// ClockMsg is the router's once-a-second tick, handed to every screen
// built, for what counts down on screen (expiries, claims).
type ClockMsg time.Time
