// Package queue is the pending-approvals workstation: the AI's pending
// recommendations across open incidents, sorted by tier, rank and age, with
// everything an owner reads before deciding, and a short form to approve,
// modify, reject or defer as the named owner. It programs against
// model.QueueStore and never knows SQL; the rules live in review.
package queue

import (
	"strconv"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// Model is the queue screen.
type Model struct {
	common.Common
	KeyMap KeyMap
	cmds   cmds
	help   help.Model

	items    []model.PendingItem
	seq      int64 // chain head of the loaded snapshot
	loaded   bool
	selected int
	top      int // first list row on screen
	detail   *model.PendingDetail
	scroll   int // detail pane offset
	form     *Form

	status  string // a sentence for the footer until the next key
	isError bool
}

// New builds the queue screen; Init loads the queue.
func New(c common.Common) Model {
	return Model{Common: c, KeyMap: DefaultKeyMap(c.Keys), help: c.NewHelp(),
		cmds: cmds{ctx: c.Ctx, store: c.Store, policy: c.Policy, sign: c.Sign}}
}

func (m Model) Init() tea.Cmd { return m.cmds.load(0) }

// Refresh reloads the queue: another connection wrote.
func (m Model) Refresh() tea.Cmd { return m.cmds.load(m.seq) }

// SetSize sets the size the screen fills.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.help.Width = w
	if m.form != nil {
		m.form.SetWidth(m.detailWidth())
	}
	m.follow()
	m.clampScroll()
}

// Unsaved names a decision being written ("decision on INC-7/S4"), ""
// when there is none: leaving must ask first.
func (m Model) Unsaved() string {
	if m.form == nil {
		return ""
	}
	return "decision on " + m.form.Key()
}

// InText reports whether keys are being typed into a form.
func (m Model) InText() bool { return m.form != nil }

// Selected returns the item under the cursor, or nil.
func (m Model) Selected() *model.PendingItem {
	if m.selected < 0 || m.selected >= len(m.items) {
		return nil
	}
	return &m.items[m.selected]
}

func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		return m.onLoaded(msg)
	case detailMsg:
		if it := m.Selected(); it != nil && it.Key() == msg.key {
			if msg.err != nil {
				m.setStatus(model.ErrorMessage(msg.err), true)
				return m, nil
			}
			m.detail = &msg.detail
			m.clampScroll()
		}
		return m, nil
	case decidedMsg:
		return m.onDecided(msg)
	case submitMsg:
		if m.form == nil {
			return m, nil
		}
		req := msg.req
		req.Person = m.Person
		m.form.Saving()
		return m, m.cmds.decide(m.form.Key(), req)
	case cancelMsg:
		m.form = nil
		return m, nil
	case tea.KeyMsg:
		return m.onKey(msg)
	}
	return m, nil
}

func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	m.status, m.isError = "", false
	if m.form != nil {
		f, cmd := m.form.Update(k)
		m.form = &f
		return m, cmd
	}
	if common.IsText(k) {
		if k.Paste {
			m.setStatus(common.PasteIgnored, false)
			return m, nil
		}
		return common.EachPress(m, k, Model.onKey)
	}
	keys := m.activeKeys()
	page := max(1, m.listHeight())
	switch {
	case key.Matches(k, keys.Quit):
		return m, common.Send(common.BackMsg{})
	case key.Matches(k, keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		return m, nil
	case key.Matches(k, keys.Refresh):
		return m, m.cmds.load(m.seq)
	case key.Matches(k, keys.Up):
		return m, m.selectIndex(m.selected - 1)
	case key.Matches(k, keys.Down):
		return m, m.selectIndex(m.selected + 1)
	case key.Matches(k, keys.Top):
		return m, m.selectIndex(0)
	case key.Matches(k, keys.Bottom):
		return m, m.selectIndex(len(m.items) - 1)
	case key.Matches(k, keys.PageUp):
		return m, m.selectIndex(m.selected - page)
	case key.Matches(k, keys.PageDown):
		return m, m.selectIndex(m.selected + page)
	case key.Matches(k, keys.ScrollUp):
		m.scroll = max(0, m.scroll-1)
		return m, nil
	case key.Matches(k, keys.ScrollDown):
		m.scroll++
		m.clampScroll()
		return m, nil
	case key.Matches(k, keys.Approve):
		return m, m.openForm(model.OutcomeApproved, false)
	case key.Matches(k, keys.Modify):
		return m, m.openForm(model.OutcomeApproved, true)
	case key.Matches(k, keys.Reject):
		return m, m.openForm(model.OutcomeRejected, false)
	case key.Matches(k, keys.Defer):
		return m, m.openForm(model.OutcomeDeferred, false)
	}
	return m, nil
}

// activeKeys are the keys with the decisions the policy would refuse for
// the person at the keyboard disabled, so help never offers what cannot be
// done.
func (m Model) activeKeys() KeyMap {
	k := m.KeyMap
	approve, reject := false, false
	if it := m.Selected(); it != nil && m.detail != nil && m.detail.Item.Key() == it.Key() {
		p, agent := m.who()
		approve, reject = review.Allowed(p, agent, *it, m.Now())
	}
	k.Approve.SetEnabled(approve)
	k.Modify.SetEnabled(approve)
	k.Reject.SetEnabled(reject)
	k.Defer.SetEnabled(reject)
	return k
}

// who finds the person at the keyboard in the selected item's incident.
func (m Model) who() (*model.Person, bool) {
	if m.detail == nil {
		return nil, false
	}
	return findPerson(m.detail, m.Person)
}

func (m *Model) openForm(outcome model.Outcome, modify bool) tea.Cmd {
	it := m.Selected()
	if it == nil || m.detail == nil {
		return nil
	}
	f := NewForm(*it, outcome, modify, m.detail.Evidence)
	f.SetWidth(m.detailWidth())
	m.form = &f
	return nil
}

// selectIndex moves the cursor and loads the new item's detail.
func (m *Model) selectIndex(i int) tea.Cmd {
	if len(m.items) == 0 {
		m.selected, m.detail = 0, nil
		return nil
	}
	i = max(0, min(len(m.items)-1, i))
	changed := i != m.selected || m.detail == nil || m.detail.Item.Key() != m.items[i].Key()
	m.selected = i
	m.follow()
	if !changed {
		return nil
	}
	m.detail, m.scroll = nil, 0
	return m.cmds.detail(m.items[i])
}

// follow keeps the selected row inside the list window.
func (m *Model) follow() {
	h := max(1, m.listHeight())
	if m.selected < m.top {
		m.top = m.selected
	}
	if m.selected >= m.top+h {
		m.top = m.selected - h + 1
	}
	m.top = max(0, min(m.top, len(m.items)-h))
}

// onLoaded replaces the queue, keeps the selection on the same item when
// it is still pending, and names who took the ones that left.
func (m Model) onLoaded(msg loadedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		if !m.loaded {
			return m, common.Send(common.FatalMsg{Err: msg.err})
		}
		m.setStatus(model.ErrorMessage(msg.err), true)
		return m, nil
	}
	prevKey := ""
	if it := m.Selected(); it != nil {
		prevKey = it.Key()
	}
	still := map[string]bool{}
	for _, it := range msg.queue.Items {
		still[it.Key()] = true
	}
	var gone []string
	mine := "" // what happened to the item the open form decides
	for _, l := range msg.settled {
		k := l.Incident + "/" + l.Suggestion
		if m.loaded && !still[k] && m.had(k) {
			what := k + " was " + string(l.Outcome) + " by " + l.Owner + " at " + review.Stamp(l.At)
			gone = append(gone, what)
			if m.form != nil && k == m.form.Key() {
				mine = what
			}
		}
	}
	if len(gone) > 0 {
		note := "Decided elsewhere: " + gone[0]
		if len(gone) > 1 {
			note += " (and " + strconv.Itoa(len(gone)-1) + " more)"
		}
		m.setStatus(note, false)
	}
	if m.form != nil && !still[m.form.Key()] {
		// The person was writing a decision on it: say so, whatever else left.
		if mine == "" {
			mine = m.form.Key() + " was decided by someone else"
		}
		m.setStatus("Your form closed, nothing was recorded: "+mine+".", false)
		m.form = nil
	}
	m.items, m.seq, m.loaded = msg.queue.Items, msg.queue.Seq, true
	idx := m.selected
	for i, it := range m.items {
		if it.Key() == prevKey {
			idx = i
			break
		}
	}
	if prevKey != "" && !still[prevKey] {
		m.detail = nil
	}
	if cmd := m.selectIndex(idx); cmd != nil {
		return m, cmd
	}
	// The same item may have changed (a first approval came in): show the
	// new row at once and reload the rest.
	it := m.Selected()
	if it == nil {
		return m, nil
	}
	if m.detail != nil && m.detail.Item.Key() == it.Key() {
		m.detail.Item = *it
	}
	return m, m.cmds.detail(*it)
}

func (m Model) had(k string) bool {
	for _, it := range m.items {
		if it.Key() == k {
			return true
		}
	}
	return false
}

func (m Model) onDecided(msg decidedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		if m.form != nil && model.ErrorCode(msg.err) != model.ECONFLICT {
			m.form.Refused(model.ErrorMessage(msg.err))
			return m, nil
		}
		m.form = nil
		m.setStatus(model.ErrorMessage(msg.err), true)
		return m, m.cmds.load(m.seq)
	}
	m.form = nil
	res := msg.res
	if res.Awaiting {
		m.setStatus("First approval of "+msg.key+" recorded; awaiting second approval.", false)
	} else {
		m.setStatus("Recorded "+res.Decision.ID+": "+msg.key+" "+string(res.Decision.Outcome)+" by "+res.Decision.Owner+".", false)
	}
	// data_version moves only for other connections' writes: reload now.
	return m, m.cmds.load(0)
}

func (m *Model) setStatus(s string, isError bool) { m.status, m.isError = s, isError }
