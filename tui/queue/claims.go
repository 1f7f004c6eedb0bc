package queue

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// claimedMsg says how a claim or a release went.
type claimedMsg struct {
	key      string
	claim    model.Claim
	released bool
	err      error
}

// toggleClaim claims the selected item, or releases it when the person
// holds it.
func (m *Model) toggleClaim() tea.Cmd {
	it := m.Selected()
	if it == nil {
		return nil
	}
	c, ok := m.claims[it.Key()]
	release := ok && c.Person == m.Person && c.Live(m.Now())
	return m.cmds.claim(*it, m.Person, m.claimFor, release)
}

func (m Model) onClaimed(msg claimedMsg) (Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.setStatus(model.ErrorMessage(msg.err), true)
	case msg.released:
		m.confirm("Released " + msg.key + ": you no longer hold it.")
	default:
		m.confirm("You hold " + msg.key + " until " + review.Stamp(msg.claim.Until) + ": others see it is yours. c again releases it; a claim is not a decision.")
	}
	// data_version moves only for other connections' writes: reload now.
	return m, m.cmds.load(0)
}

// claimOf is the live claim on an item, if any.
func (m Model) claimOf(it *model.PendingItem, now time.Time) (model.Claim, bool) {
	c, ok := m.claims[it.Key()]
	return c, ok && c.Live(now)
}

// onClock looks at what the passing time changed since the last tick: an
// item on screen that expired changes in place (its keys and row follow
// the clock) with a sentence; so does a claim of the person's that lapsed.
func (m *Model) onClock() {
	now := m.Now()
	last := m.lastTick
	m.lastTick = now
	if last.IsZero() || !now.After(last) {
		return
	}
	for i := range m.items {
		it := &m.items[i]
		if e := it.ExpiresAt; e != nil && e.After(last) && !e.After(now) {
			what := "it can no longer be approved (reject or defer it, or wait for the AI to suggest it again)"
			if m.form != nil && m.form.Key() == it.Key() && m.form.outcome == model.OutcomeApproved {
				what = "your approval will be refused; esc, then reject or defer it"
			}
			m.setStatus(it.Key()+" expired at "+review.Stamp(*e)+" while on screen: "+what+".", true)
			return
		}
	}
	for _, c := range m.claims {
		if c.Person == m.Person && c.Until.After(last) && !c.Until.After(now) {
			m.setStatus("Your claim on "+c.Key()+" lapsed at "+review.Stamp(c.Until)+"; c claims it again.", false)
			return
		}
	}
}
