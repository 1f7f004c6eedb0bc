// Package queue is the pending-approvals workstation: the AI's pending
// recommendations across open incidents, grouped by incident and sorted by
// tier, expiry or age, with filters for a shift, claims, hand-off notes,
// everything an owner reads before deciding, and a short form to approve,
// modify, reject or defer as the named owner. It programs against
// model.QueueStore and never knows SQL; the rules live in review.
package queue

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/statusform"
)

// DefaultClaim is how long a claim made with c holds unless renewed.
const DefaultClaim = 30 * time.Minute

// Model is the queue screen.
type Model struct {
	common.Common
	common.Asking
	KeyMap KeyMap
	cmds   cmds
	help   help.Model

	// What the last load brought: every pending item (policy-sorted),
	// the live claims by item key, and per incident its status in force,
	// latest hand-off note and number of notes.
	all       []model.PendingItem
	claims    map[string]model.Claim
	incStatus map[string]model.Status
	// incAlike holds, for an incident whose id reads like another's, that
	// other id (model.Queue.Alike).
	incAlike map[string]string
	counted  listedCounts // of items and all, for the header (arrange)
	handoffs map[string]model.HandoffNote
	handoffN map[string]int
	seq      int64 // chain head of the loaded snapshot
	loaded   bool
	// partial is true while all holds only the queue's head (head.go):
	// the header counts headPending items (headGateEnded of them whose
	// gate ended) in headIncidents incidents, and held keeps the keys that
	// wait for the rest.
	partial       bool
	headPending   int
	headIncidents int
	headGateEnded int
	held          []heldKey
	// restFailed is true from a failed read of the rest until ctrl+r
	// reads it again: the held keys wait for the person.
	restFailed bool
	// decidedHere are the items this screen recorded a decision on: a
	// reload that was on its way meanwhile never calls them decided
	// elsewhere.
	decidedHere map[string]bool

	// What the list shows: the items that pass the filter, in list order,
	// the rows (group headers, notes, items), and each item's row.
	filter  Filter
	sortBy  SortBy
	items   []model.PendingItem
	rows    []row
	itemRow []int

	selected int
	top      int // first row on screen
	detail   *model.PendingDetail
	call     wholeCall // the gated call behind detail
	scroll   int       // detail pane offset

	claimFor time.Duration
	lastTick time.Time // the clock when expiries were last looked at

	// At most one of these is open.
	form       *Form
	statusForm *statusform.Model
	notes      *noteForm
	evidence   *evidenceView
	filtering  bool
	filterIn   textinput.Model

	status  string // a sentence for the footer until the next key
	isError bool
	// confirmed is what the person's own last decision recorded, kept at
	// the head of the footer until their next key, so news of others'
	// decisions arriving just after never hides it.
	confirmed string
}

// New builds the queue screen; Init loads the queue.
func New(c common.Common) Model {
	return Model{Common: c, KeyMap: DefaultKeyMap(c.Keys), help: c.NewHelp(), claimFor: DefaultClaim,
		cmds: cmds{ctx: c.Ctx, store: c.Store, policy: c.Policy, sign: c.Sign}, filterIn: newFilterInput()}
}

// SetClaimFor sets how long a claim made here holds.
func (m *Model) SetClaimFor(d time.Duration) {
	if d > 0 {
		m.claimFor = d
	}
}

func (m Model) Init() tea.Cmd { return m.cmds.head(m.headRows()) }

// Refresh reloads the queue: another connection wrote.
func (m Model) Refresh() tea.Cmd {
	if f := m.statusForm; f != nil {
		// Another process wrote: the open status form counts again.
		return tea.Batch(m.cmds.load(m.seq), statusform.Count(m.Ctx, m.Store, f.Incident()))
	}
	return m.cmds.load(m.seq)
}

// SetSize sets the size the screen fills.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.help.Width = w
	if m.form != nil {
		m.form.SetSize(m.detailWidth(), m.detailHeight())
	}
	m.follow()
	m.clampScroll()
}

// Unsaved names what is being written ("decision on INC-7/S4"), "" when
// nothing is: leaving must ask first.
func (m Model) Unsaved() string {
	switch {
	case m.form != nil:
		return "decision on " + m.form.Key()
	case m.statusForm != nil:
		return "status change of " + m.statusForm.Incident()
	case m.notes != nil && m.notes.typed():
		return "hand-off note on " + m.notes.incident
	}
	return ""
}

// InText reports whether keys are being typed into a field.
func (m Model) InText() bool {
	return m.form != nil || m.statusForm != nil || m.notes != nil || m.filtering
}

// Selected returns the item under the cursor, or nil.
func (m Model) Selected() *model.PendingItem {
	if m.selected < 0 || m.selected >= len(m.items) {
		return nil
	}
	return &m.items[m.selected]
}

func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	m, cmd := m.update(msg)
	// Whatever changed the footer's height (a sentence, the help, a form's
	// keys) changed the list's: the selected row stays in view.
	m.follow()
	return m, cmd
}

func (m Model) update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case headMsg:
		return m.onHead(msg)
	case loadedMsg:
		if m.partial || len(m.held) > 0 {
			return m.onRest(msg)
		}
		return m.onLoaded(msg)
	case detailMsg:
		if it := m.Selected(); it != nil && it.Key() == msg.key {
			if msg.err != nil {
				m.setStatus(model.ErrorMessage(msg.err), true)
				return m, nil
			}
			m.detail, m.call = &msg.detail, msg.call
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
	case copyDraftMsg:
		if m.form != nil {
			return m, m.Copy("your draft", m.form.Draft())
		}
		return m, nil
	case claimedMsg:
		return m.onClaimed(msg)
	case filterIncidentMsg:
		return m.onFilterIncident(msg)
	case common.ClockMsg:
		m.onClock()
		return m, nil
	case common.CopiedMsg:
		if msg.Err != nil {
			m.setStatus("Could not copy "+msg.What+": "+msg.Err.Error(), true)
		} else {
			m.setStatus("Copied "+msg.What+" to the clipboard.", false)
		}
		return m, nil
	case statusform.HistoryMsg, statusform.CountedMsg, statusform.SubmitMsg, statusform.CancelMsg, statusform.SavedMsg:
		return m.onStatusForm(msg)
	case notesMsg, noteSavedMsg, noteSubmitMsg, noteCancelMsg:
		return m.onNotes(msg)
	case tea.KeyMsg:
		if m.partial || !m.loaded {
			return m.onHeadKey(heldKey{msg: msg, shown: m.selectedKey()})
		}
		return m.onKey(msg)
	}
	return m, nil
}

// activeKeys are the keys with what would do nothing disabled (the
// decisions the policy would refuse, claims on nothing, clearing no
// filter), so help never offers what cannot be done. Pressing a disabled
// decision key still says why (onKey).
func (m Model) activeKeys() KeyMap {
	k := m.KeyMap
	approve, reject := false, false
	it := m.Selected()
	if it != nil && m.detail != nil && m.detail.Item.Key() == it.Key() && m.call.pinned == "" {
		p, agent := m.who()
		approve, reject = review.Allowed(p, agent, *it, m.detail.Alike, m.Now())
	}
	k.Approve.SetEnabled(approve)
	k.Modify.SetEnabled(approve)
	k.Reject.SetEnabled(reject)
	k.Defer.SetEnabled(reject)
	k.ClearFilter.SetEnabled(!m.filter.Empty())
	for _, b := range []*keyBinding{&k.Claim, &k.Evidence, &k.Copy, &k.Note, &k.Status,
		&k.Up, &k.Down, &k.Top, &k.Bottom, &k.PageUp, &k.PageDown, &k.ScrollUp, &k.ScrollDown} {
		b.SetEnabled(it != nil)
	}
	if it != nil {
		if c, ok := m.claims[it.Key()]; ok && c.Person == m.Person && c.Live(m.Now()) {
			k.Claim.SetHelp("c", "release claim")
		}
	}
	return k
}

// who finds the person at the keyboard in the selected item's incident.
func (m Model) who() (*model.Person, bool) {
	if m.detail == nil {
		return nil, false
	}
	return findPerson(m.detail, m.Person)
}

func (m *Model) setStatus(s string, isError bool) { m.status, m.isError = s, isError }

// confirm says what the person's own write recorded; news of others'
// work that arrives before their next key joins it instead of hiding it.
func (m *Model) confirm(s string) { m.confirmed = s; m.setStatus(s, false) }
