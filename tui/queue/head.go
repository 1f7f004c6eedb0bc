package queue

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// The first load comes in two parts, so a long queue's first frame waits
// only for what it shows. The head (QueueStore.PendingQueueHead) orders
// every item by its sort keys and reads in full the incidents whose rows
// fill the first screens; the header counts the whole queue from the keys.
// The rest is then read as a refresh is, and replaces the head.
//
// Keys pressed before the head arrives are held, and taken when it comes.
// Until the rest arrives, a key that moves the cursor, scrolls the detail,
// toggles help acts at once, as long as the list's window stays inside
// what the head read; a refresh always does (it reads the whole queue, and
// is the way on when the rest failed). Every other key (a move past it, G,
// the filter, the sort, a claim, a decision) is held and acted on, in
// order, as soon as the rest arrives, so it acts on the whole queue and
// nothing is ever drawn or counted from part of it.
//
// Leaving acts at once and drops what was held before it (nothing held
// may act on a screen left; a held q passes the keys after it on to the
// screen it goes back to), with one exception: q is held too while a held key would
// open a field it is typed into, or the evidence view it closes, and the
// rest is on its way; "/quarantine" typed fast is a filter. ctrl+c always
// leaves at once, and so does q once the rest failed to load: the held
// keys then wait for a ctrl+r, and no field is on screen.
//
// A screen made taller than the head before the rest arrives keeps the
// list's window where the whole read's would be (follow), and the rows
// past the head say the rest is coming (listView): never empty rows.

// heldKey is a key held for the rest, with the item that was selected on
// screen when it was pressed ("" when nothing was listed yet).
type heldKey struct {
	msg   tea.KeyMsg
	shown string
}

// headMsg is the first part of the queue, its items sorted.
type headMsg struct {
	head model.QueueHead
	err  error
}

// headScreens is how many screens of rows the head reads: room to move
// before the rest arrives.
const headScreens = 3

// head reads the queue's first part: the incidents whose groups fill rows
// rows of the list, in the order the list shows them.
func (c cmds) head(rows int) tea.Cmd {
	return func() tea.Msg {
		h, err := c.store.PendingQueueHead(c.ctx, func(keys []model.PendingItem) []string {
			return firstIncidents(c.policy, keys, rows)
		})
		review.SortQueue(c.policy, h.Items)
		return headMsg{head: h, err: err}
	}
}

// firstIncidents names the incidents of the list's first groups, until
// their rows (a header, room for a hand-off note, the items) reach rows.
func firstIncidents(p *review.Policy, keys []model.PendingItem, rows int) []string {
	var out []string
	for _, g := range review.QueueGroups(p, keys) {
		if rows <= 0 {
			break
		}
		out = append(out, g.Incident)
		rows -= 2 + g.Items
	}
	return out
}

// headRows is how many list rows the head covers.
func (m Model) headRows() int { return headScreens * max(m.Height, 24) }

// onHead shows the head and asks for the rest, unless the head is the
// whole queue. Keys pressed before it came are taken now, in order.
func (m Model) onHead(msg headMsg) (Model, tea.Cmd) {
	if m.loaded {
		return m, nil // a whole read (a refresh) came first, and is newer
	}
	if msg.err != nil {
		return m.onLoaded(loadedMsg{err: msg.err})
	}
	m, cmd := m.onLoaded(loadedMsg{queue: msg.head.Queue})
	if !msg.head.Whole {
		m.partial = true
		m.headPending, m.headIncidents, m.headGateEnded = msg.head.Pending, msg.head.Incidents, msg.head.PendingGateEnded
		cmd = tea.Batch(cmd, m.cmds.load(m.seq))
	}
	return m.replayHeld(cmd)
}

// onRest is a load arriving while the list holds only the head, or keys
// are held: the rest, or a refresh, which reads the whole queue too. The
// keys held meanwhile act now, in the order they were pressed.
func (m Model) onRest(msg loadedMsg) (Model, tea.Cmd) {
	m, cmd := m.onLoaded(msg)
	if msg.err != nil {
		if m.partial {
			m.restFailed = true
			m.setStatus(m.status+" Only the queue's first screens are listed, and keys past them wait: ctrl+r reads the rest again.", true)
		}
		return m, cmd
	}
	m.partial, m.restFailed = false, false
	return m.replayHeld(cmd)
}

// replayHeld hands the held keys to Update again, in order: each acts, or
// is held again while only the head is listed. A key that acts on the
// selected item acts only on the one that was selected on screen when it
// was pressed, and a decision key only when it opens its form: otherwise
// it and every key after it (a rationale typed ahead would act as
// commands) are dropped, and the footer says so.
func (m Model) replayHeld(cmd tea.Cmd) (Model, tea.Cmd) {
	held := m.held
	m.held = nil
	cmds := []tea.Cmd{cmd}
	for i, h := range held {
		if m.leaves(h.msg) {
			// The keys after it were typed for the screen it goes back
			// to: the router hands them there.
			m.held = nil
			m, cmd = m.onKey(h.msg)
			if m.Asked() {
				for _, after := range held[i+1:] {
					m.PassOn([]tea.KeyMsg{after.msg})
				}
			}
			return m, tea.Batch(append(cmds, cmd)...)
		}
		if m.partial || !m.loaded {
			m, cmd = m.onHeadKey(h)
			cmds = append(cmds, cmd)
			continue
		}
		onItem, decides := m.actsOnItem(h.msg)
		if onItem && m.selectedKey() != h.shown {
			m.dropHeld(held[i:], h.msg.String()+" was pressed with "+shownName(h.shown)+" selected, and "+shownName(m.selectedKey())+" is selected now")
			break
		}
		m, cmd = m.Update(h.msg)
		cmds = append(cmds, cmd)
		if decides && m.form == nil {
			if i+1 < len(held) {
				m.dropHeld(held[i+1:], h.msg.String()+" opened no form ("+strings.TrimSuffix(m.status, ".")+")")
			}
			break
		}
	}
	return m, tea.Batch(cmds...)
}

// actsOnItem reports whether k, taken now, acts on the selected item, and
// whether it is a decision key.
func (m Model) actsOnItem(k tea.KeyMsg) (onItem, decides bool) {
	if m.InText() || m.evidence != nil {
		return false, false
	}
	km := m.KeyMap
	decides = key.Matches(k, km.Approve, km.Modify, km.Reject, km.Defer)
	return decides || key.Matches(k, km.Claim, km.Evidence, km.Copy, km.Note, km.Status), decides
}

// dropHeld says in the footer that the held keys dropped were not taken,
// and why.
func (m *Model) dropHeld(dropped []heldKey, why string) {
	first := dropped[0].msg.String()
	s := "The " + strconv.Itoa(len(dropped)) + " keys typed from " + first + " on, while the queue loaded, were not taken (" + why + "). Nothing of them was recorded."
	if len(dropped) == 1 {
		s = "The key " + first + ", typed while the queue loaded, was not taken (" + why + "). Nothing was recorded."
	}
	m.setStatus(s, true)
}

func shownName(key string) string {
	if key == "" {
		return "nothing"
	}
	return key // the footer passes through safetext when drawn
}

// onHeadKey takes a key before the whole queue is listed. Leaving acts at
// once and drops the held keys (leaves says when q is held instead).
// Before the head, every other key is held. With the head listed, a
// key acts at once when it keeps the list's window inside the head, short
// of its last row (a move the head's end would stop is one the whole
// queue would not); others are held for the rest.
func (m Model) onHeadKey(h heldKey) (Model, tea.Cmd) {
	k := h.msg
	if m.leaves(k) {
		// What was held is dropped: it must not act on a screen left.
		m.held = nil
		return m.onKey(k)
	}
	if m.loaded && !m.InText() && key.Matches(k, m.KeyMap.Refresh) {
		// A refresh reads the whole queue, as the rest does, and the held
		// keys act on it: after the rest failed, it is the way on.
		m.restFailed = false
		return m, m.cmds.load(m.seq)
	}
	if m.loaded && len(m.held) == 0 && !m.InText() && key.Matches(k, m.KeyMap.Up, m.KeyMap.Down, m.KeyMap.Top, m.KeyMap.PageUp,
		m.KeyMap.PageDown, m.KeyMap.ScrollUp, m.KeyMap.ScrollDown, m.KeyMap.Help) {
		next, cmd := m.onKey(k)
		if next.top+next.listHeight() < len(next.rows) {
			return next, cmd
		}
	}
	m.held = append(m.held, h)
	return m, nil
}

// leaves reports whether k, taken now, leaves the screen. Before the
// whole queue is listed, ctrl+c does; q does unless a held key would make
// it text or the evidence view's back, and the rest is still to come.
func (m Model) leaves(k tea.KeyMsg) bool {
	if !key.Matches(k, m.KeyMap.Quit) || m.InText() || m.evidence != nil {
		return false
	}
	if m.loaded && !m.partial {
		return true
	}
	return k.String() == "ctrl+c" || m.restFailed || !m.heldOpensField()
}

// heldOpensField reports whether a held key opens a text field (the
// filter, a decision, a note, the status) or the evidence view, where q
// does not leave.
func (m Model) heldOpensField() bool {
	km := m.KeyMap
	for _, h := range m.held {
		if key.Matches(h.msg, km.Filter, km.Approve, km.Modify, km.Reject, km.Defer, km.Note, km.Status, km.Evidence) {
			return true
		}
	}
	return false
}
