package queue

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// onLoaded replaces the queue, keeps the selection on the same item when
// it is still listed, says who took the items that left and who gave a
// first approval meanwhile, and keeps a draft whose item left.
func (m Model) onLoaded(msg loadedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		// A server away (a restart) is said in the footer: the refresh
		// once it answers lists the queue.
		if !m.loaded && model.ErrorCode(msg.err) != model.EUNAVAILABLE {
			return m, common.Send(common.FatalMsg{Err: msg.err})
		}
		m.setStatus(model.ErrorMessage(msg.err), true)
		return m, nil
	}
	q := msg.queue
	before := make(map[string]*model.PendingItem, len(m.all))
	for i := range m.all {
		before[m.all[i].Key()] = &m.all[i]
	}
	still := make(map[string]bool, len(q.Items))
	for _, it := range q.Items {
		still[it.Key()] = true
		if f := m.form; f != nil && f.Key() == it.Key() {
			// Its gate may have ended, or a gate asked again waits: the
			// form's warning says what holds now.
			f.item.GateEnded = it.GateEnded
		}
	}
	settled := map[string]model.DecisionLine{}
	for _, l := range msg.settled {
		settled[l.Incident+"/"+l.Suggestion] = l
	}
	if m.loaded {
		m.noticeChanges(before, q.Items, still, msg.settled)
	}
	if f := m.form; f != nil && !still[f.Key()] && !f.IsGone() {
		notice := f.item.Suggestion + " left the queue while you were writing: it was decided or carried out elsewhere, or its incident was resolved or closed. Nothing of yours was recorded."
		if l, ok := settled[f.Key()]; ok {
			notice = f.item.Suggestion + " was " + string(l.Outcome) + " by " + l.Owner + " at " + review.Stamp(l.At) + " while you were writing. Nothing of yours was recorded."
			switch fa := f.item.FirstApproval; {
			case seconded(l, m.Person):
				// The decision carries the person's first approval.
				notice = f.item.Suggestion + " was decided while you were writing: " + l.Owner + " gave the second approval to yours at " + review.Stamp(l.At) +
					", so " + f.item.Suggestion + " is " + string(l.Outcome) + " as " + l.Decision + ". The " + f.noun() + " you were writing was not recorded."
			case fa != nil && fa.By == m.Person && l.Owner != m.Person:
				notice = f.item.Suggestion + " was " + string(l.Outcome) + " by " + l.Owner + " at " + review.Stamp(l.At) + " while you were writing, over your first approval" +
					" (it stays in the record, overridden). The " + f.noun() + " you were writing was not recorded."
			}
			if l.Owner == m.Person {
				// The person's own decision, whose answer the server
				// lost as it went away, or one of their other sessions.
				notice = f.item.Suggestion + " was " + string(l.Outcome) + " by you (" + l.Owner + ") at " + review.Stamp(l.At) + " as " + l.Decision +
					": if the connection failed as you saved, that was this form's decision; if not, another of your sessions made it."
			}
		}
		f.Gone(notice)
	}
	prevKey := ""
	if it := m.Selected(); it != nil {
		prevKey = it.Key()
	}
	m.all, m.seq, m.loaded = q.Items, q.Seq, true
	m.claims = make(map[string]model.Claim, len(q.Claims))
	for _, c := range q.Claims {
		m.claims[c.Key()] = c
	}
	m.incStatus, m.handoffs, m.handoffN, m.incAlike = q.Status, q.Handoffs, q.HandoffCount, q.Alike
	if m.lastTick.IsZero() {
		m.lastTick = m.Now()
	}
	return m, m.arrange(prevKey)
}

// noticeChanges puts in the footer, in one line, what others did to the
// items on screen since the last load: decisions (who and how) first, else
// first approvals given by someone else.
func (m *Model) noticeChanges(before map[string]*model.PendingItem, now []model.PendingItem, still map[string]bool, settled []model.DecisionLine) {
	var gone []string
	for _, l := range settled {
		k := l.Incident + "/" + l.Suggestion
		if _, had := before[k]; had && !still[k] && !m.decidedHere[k] && !m.deferringHere(l) {
			if seconded(l, m.Person) {
				// The person's own first approval is in it: that comes first.
				m.notice(l.Owner + " gave the second approval of " + k + " to yours at " + review.Stamp(l.At) + ": it is " + string(l.Outcome) + " as " + l.Decision + ".")
				return
			}
			gone = append(gone, k+" was "+string(l.Outcome)+" by "+l.Owner+" at "+review.Stamp(l.At))
		}
	}
	if len(gone) > 0 {
		note := "Decided elsewhere: " + gone[0]
		if len(gone) > 1 {
			note += " (and " + strconv.Itoa(len(gone)-1) + " more)"
		}
		m.notice(note + ".")
		return
	}
	for i := range now {
		it := &now[i]
		old := before[it.Key()]
		if fa := it.FirstApproval; fa != nil && fa.By != m.Person && old != nil && old.FirstApproval == nil {
			m.notice(fa.By + " gave the first approval of " + it.Key() + " at " + review.Stamp(fa.At) + "; it awaits a second person.")
			return
		}
	}
}

// seconded reports whether l is a decision by someone else that carries
// person's approval: the second approval of a two-person item whose first
// was theirs.
func seconded(l model.DecisionLine, person string) bool {
	if l.Owner == person {
		return false
	}
	for _, a := range l.Approvals {
		if a.By == person {
			return true
		}
	}
	return false
}

// markDecidedHere notes an item this screen recorded a decision on.
func (m *Model) markDecidedHere(key string) {
	if m.decidedHere == nil {
		m.decidedHere = map[string]bool{}
	}
	m.decidedHere[key] = true
}

// deferringHere reports whether l is one of the deferrals the status form
// is recording now: its answer may come after the refresh that sees them.
func (m *Model) deferringHere(l model.DecisionLine) bool {
	f := m.statusForm
	return f != nil && f.IsSaving() && f.Incident() == l.Incident && l.Owner == m.Person && l.Outcome == model.OutcomeDeferred
}

// notice shows news of others' work in the footer, after the person's
// own confirmation while that is showing.
func (m *Model) notice(s string) {
	if m.confirmed != "" {
		s = m.confirmed + " " + s
	}
	m.setStatus(s, false)
}

// listedCounts are what the header counts of the list, worked out as it
// is arranged rather than on every frame.
type listedCounts struct {
	incidents    int // incidents with an item listed
	gateEnded    int // listed items whose gate already answered its agent
	allGateEnded int // the same of every pending item, filter or not
	// awaiting counts listed items with a first approval: their state
	// column is wider (view.flagWidth).
	awaiting int
}

func countListed(items, all []model.PendingItem) listedCounts {
	var c listedCounts
	incidents := map[string]bool{}
	for i := range items {
		incidents[items[i].Incident] = true
		if items[i].GateEnded != nil {
			c.gateEnded++
		}
		if items[i].FirstApproval != nil {
			c.awaiting++
		}
	}
	for i := range all {
		if all[i].GateEnded != nil {
			c.allGateEnded++
		}
	}
	c.incidents = len(incidents)
	return c
}

// arrange lays the list out again (filter, sort, groups) and keeps the
// selection on key when it is still listed, else at the same place.
func (m *Model) arrange(key string) tea.Cmd {
	now := m.Now()
	keep := func(it *model.PendingItem) bool { return m.filter.Match(it, m.claims, m.Person, now) }
	m.items, m.rows, m.itemRow = arrange(m.all, keep, m.sortBy, m.handoffs)
	m.counted = countListed(m.items, m.all)
	idx := m.selected
	found := false
	for i := range m.items {
		if m.items[i].Key() == key {
			idx, found = i, true
			break
		}
	}
	if key != "" && !found {
		m.detail = nil
	}
	if cmd := m.selectIndex(idx); cmd != nil {
		return cmd
	}
	// The same item may have changed (a first approval came in): show the
	// new row at once and reload the rest.
	it := m.Selected()
	if it == nil {
		return nil
	}
	if m.detail != nil && m.detail.Item.Key() == it.Key() {
		m.detail.Item = *it
	}
	return m.cmds.detail(*it)
}

// selectIndex moves the cursor and loads the new item's detail.
func (m *Model) selectIndex(i int) tea.Cmd {
	if len(m.items) == 0 {
		m.selected, m.detail, m.top = 0, nil, 0
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

// follow keeps the selected item's row inside the list window, with its
// group's header and note in view when the item is first in its group.
func (m *Model) follow() {
	if len(m.items) == 0 || m.selected >= len(m.itemRow) {
		m.top = 0
		return
	}
	h := max(1, m.listHeight())
	r := m.itemRow[m.selected]
	head := r
	for head > 0 && m.rows[head-1].kind != rowItem {
		head--
	}
	if head < m.top {
		m.top = head
	}
	if r >= m.top+h {
		m.top = r - h + 1
	}
	if m.partial {
		// The window stays where the whole queue's would be, past the
		// head's end if the screen grew (listView says the rest is coming).
		m.top = max(0, m.top)
		return
	}
	m.top = max(0, min(m.top, len(m.rows)-h))
}

// pendingOf counts an incident's pending items, filtered or not.
func (m Model) pendingOf(incident string) int {
	n := 0
	for i := range m.all {
		if m.all[i].Incident == incident {
			n++
		}
	}
	return n
}

// gateEndedOf counts the listed items of incident whose gate already
// answered its agent.
func (m Model) gateEndedOf(incident string) int {
	n := 0
	for i := range m.all {
		if m.all[i].Incident == incident && m.all[i].GateEnded != nil {
			n++
		}
	}
	return n
}

func (m Model) onDecided(msg decidedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		if m.form != nil && model.ErrorCode(msg.err) != model.ECONFLICT {
			m.form.Refused(model.ErrorMessage(msg.err))
			return m, nil
		}
		// Someone else decided it first (or the database was busy): the
		// reload keeps the draft and says who took the item, if it left.
		if m.form != nil {
			m.form.Refused(model.ErrorMessage(msg.err))
		}
		m.setStatus(model.ErrorMessage(msg.err), true)
		return m, m.cmds.load(m.seq)
	}
	m.form = nil
	res := msg.res
	switch {
	case res.Awaiting:
		// The item stays: when someone else gives the second approval,
		// the refresh says so.
		m.confirmed = "First approval of " + msg.key + " recorded; awaiting second approval."
	case len(res.Decision.Approvals) > 1:
		m.markDecidedHere(msg.key)
		var who []string
		for _, a := range res.Decision.Approvals {
			who = append(who, a.By)
		}
		m.confirmed = "Second approval recorded: " + msg.key + " is " + string(res.Decision.Outcome) + " as " + res.Decision.ID + " (" + strings.Join(who, ", then ") + ")."
	default:
		m.markDecidedHere(msg.key)
		m.confirmed = "Recorded " + res.Decision.ID + ": " + msg.key + " " + string(res.Decision.Outcome) + " by " + res.Decision.Owner + "."
	}
	if res.GateEnded != nil {
		// The form said so before; the record is made, and nothing waits.
		m.confirmed += " Its gate had stopped waiting: nothing will run it."
	}
	m.confirm(m.confirmed)
	// data_version moves only for other connections' writes: reload now.
	return m, m.cmds.load(0)
}
