package common

import tea "github.com/charmbracelet/bubbletea"

// Asking is how a screen asks the router for another screen (an Open…Msg
// or BackMsg) from inside Update. Every screen embeds it, and the router
// takes the ask right after the message it handed the screen, so the
// keys read after the one that asked already go to the screen it opens:
// "P/quarantine" typed at once filters the queue. A message sent with
// Send would reach the router only after every key already read, each
// acting on the screen being left. Send stays for what answers a command
// (a run closed, a store failing).
type Asking struct {
	asked tea.Msg
	rest  []tea.KeyMsg
}

// Ask asks the router for msg. The first ask stands until the router
// takes it: a key typed after the one that asked must not change where
// that one goes.
func (a *Asking) Ask(msg tea.Msg) {
	if a.asked == nil {
		a.asked = msg
	}
}

// Asked reports whether an ask waits for the router.
func (a *Asking) Asked() bool { return a.asked != nil }

// PassOn hands back keys the screen held and did not take because one
// before them asked to go elsewhere: the router hands them, in order, to
// the screen it goes to, where they were typed for.
func (a *Asking) PassOn(keys []tea.KeyMsg) { a.rest = append(a.rest, keys...) }

// TakeRest returns the keys passed on, and forgets them.
func (a *Asking) TakeRest() []tea.KeyMsg {
	rest := a.rest
	a.rest = nil
	return rest
}

// TakeAsk returns what the screen asked for, nil when nothing, and forgets
// it, so no ask acts twice.
func (a *Asking) TakeAsk() tea.Msg {
	msg := a.asked
	a.asked = nil
	return msg
}
