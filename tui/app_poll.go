package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
)

// Messages of the router's own work: the look at the store for writes by
// others, and the check of the audit chain.
type (
	tickMsg  time.Time
	clockMsg time.Time
	// changedMsg says the store heard of a write as it happened
	// (model.ChangeWatcher).
	changedMsg struct{}
	versionMsg struct {
		version int64
		err     error
		// fault is what the store's reads have found wrong with the
		// entries they went through (model.Store.ReadFault).
		fault string
	}
	// chainMsg is the answer of Options.VerifyChain: the sentence saying
	// what is broken ("" when the chain is intact), or why it could not be
	// checked.
	chainMsg struct {
		problem string
		err     error
	}
)

// chainState is where the check of the audit chain stands.
type chainState struct {
	verifying bool // Options.VerifyChain has not answered yet
	// again says the check found the database away (a server
	// restarting): it runs again once the store answers.
	again     bool
	problem   string // what is broken, "" when the chain is intact
	readFault string // what the screens' reads found, "" while nothing
}

// shown is the sentence the screens show: the whole check's, else what a
// read found.
func (c chainState) shown() string {
	if c.problem != "" {
		return c.problem
	}
	return c.readFault
}

// tick schedules the next look at the store's data version.
func (a *App) tick() tea.Cmd {
	if a.opts.Poll < 0 {
		return nil
	}
	return tea.Tick(a.opts.Poll, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// watch waits for the store's word of a write, on a store that gives it
// (PostgreSQL hears every host's writes as they commit; a SQLite file's
// data version is read every few tens of milliseconds): the screen then
// refreshes at once, not at the next tick, which still backs it up.
func (a *App) watch() tea.Cmd {
	w, ok := a.Store.(model.ChangeWatcher)
	if !ok || a.opts.Poll < 0 {
		return nil
	}
	changed, ctx := w.Changed(), a.Ctx
	if changed == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-changed:
			return changedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

// clock schedules the screens' next one-second tick (countdowns); it
// stops with the polling.
func (a *App) clock() tea.Cmd {
	if a.opts.Poll < 0 {
		return nil
	}
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return clockMsg(t) })
}

func (a *App) readVersion() tea.Cmd {
	ctx, store := a.Ctx, a.Store
	return func() tea.Msg {
		v, err := store.DataVersion(ctx)
		return versionMsg{v, err, store.ReadFault()}
	}
}

// onVersion refreshes the screen on show when another connection wrote,
// and shows what the screens' reads found wrong with the record.
func (a *App) onVersion(msg versionMsg) tea.Cmd {
	a.onReadFault(msg.fault)
	if msg.err != nil {
		switch {
		case model.ErrorCode(msg.err) == model.EUNAVAILABLE && a.offline == "":
			a.offline = model.ErrorMessage(msg.err)
		case model.ErrorCode(msg.err) != model.EUNAVAILABLE && a.unwatched == "":
			a.unwatched = model.ErrorMessage(msg.err)
		default:
			return nil
		}
		if a.Width > 0 {
			a.resize(a.Width, a.Height)
		}
		return nil // the next tick asks again; a read failure shows on the next load
	}
	if why := frozen(a.Store); why != a.unwatched {
		a.unwatched = why
		if a.Width > 0 {
			a.resize(a.Width, a.Height)
		}
	}
	var check tea.Cmd
	if a.chain.again {
		a.chain.again = false
		check = a.verifyChain()
	}
	back := a.offline != ""
	if back {
		a.offline = ""
		if a.Width > 0 {
			a.resize(a.Width, a.Height)
		}
	}
	changed := (a.version != 0 && msg.version != a.version) || back
	a.version = msg.version
	if !changed {
		return check
	}
	return tea.Batch(check, a.refresh(a.current))
}

// verifyChain runs Options.VerifyChain in a command, off the first frame.
func (a *App) verifyChain() tea.Cmd {
	verify, ctx := a.opts.VerifyChain, a.Ctx
	if verify == nil {
		return nil
	}
	return func() tea.Msg {
		problem, err := verify(ctx)
		return chainMsg{problem, err}
	}
}

func (a *App) onChain(msg chainMsg) {
	a.chain.verifying = false
	switch {
	case msg.err != nil && a.Ctx.Err() != nil:
		// The workstation is closing: the check was cut short, not failed.
	case model.ErrorCode(msg.err) == model.EUNAVAILABLE:
		// The server went away under the check (a restart): that says
		// nothing of the chain, so the header goes on saying it is
		// verifying, and the check runs again once the store answers.
		a.chain.verifying, a.chain.again = true, true
	case msg.err != nil:
		a.chain.problem = "the audit chain could not be verified: " + model.ErrorMessage(msg.err)
	default:
		a.chain.problem = msg.problem
	}
	a.showChain()
}

// showChain hands the chain's state to the screens that show it
// themselves; the router shows it over the others (app_view.go).
func (a *App) showChain() {
	if a.built[screenPicker] {
		a.picker.SetChain(a.chain.verifying, a.chain.shown())
	}
	if a.built[screenReview] {
		a.review.SetChain(a.chain.verifying, a.chain.shown())
	}
	if a.Width > 0 {
		a.resize(a.Width, a.Height)
	}
}

// frozen says why the store cannot see writes made after it opened (a
// file the user may only read, read as it stood), "" when it can.
func frozen(s model.Store) string {
	if f, ok := s.(interface{ Frozen() string }); ok {
		return f.Frozen()
	}
	return ""
}
