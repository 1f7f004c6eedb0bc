package queue

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
	"github.com/signoff/signoff/tui/statusform"
)

// onKey routes a key to whatever is open (the filter prompt, a form, the
// evidence view), else to the list.
func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	m.status, m.isError, m.confirmed = "", false, ""
	switch {
	case m.filtering:
		return m.onFilterKey(k)
	case m.form != nil && key.Matches(k, m.form.ActiveKeys().Help):
		m.help.ShowAll = !m.help.ShowAll
		return m, nil
	case m.form != nil:
		// The footer just lost its sentence: the form's lines are counted
		// again before a key scrolls them.
		m.form.SetSize(m.detailWidth(), m.detailHeight())
		f, cmd := m.form.Update(k)
		m.form = &f
		return m, cmd
	case m.statusForm != nil:
		f, cmd := m.statusForm.Update(k)
		m.statusForm = &f
		return m, cmd
	case m.notes != nil:
		n, cmd := m.notes.Update(k)
		m.notes = &n
		return m, cmd
	case m.evidence != nil:
		return common.EachPress(m, k, Model.onEvidenceKey)
	}
	if common.IsText(k) {
		// Several characters read at once are one press each here; a
		// paste is never taken as commands.
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
		m.Ask(common.BackMsg{})
		return m, nil
	case key.Matches(k, keys.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.follow()
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
	case key.Matches(k, keys.Filter):
		m.filtering = true
		m.filterIn.SetValue(m.filter.String())
		m.filterIn.CursorEnd()
		return m, m.filterIn.Focus()
	case key.Matches(k, keys.ClearFilter):
		m.filter = Filter{}
		m.setStatus("Filter cleared: every pending item is listed.", false)
		return m, m.arrange(m.selectedKey())
	case key.Matches(k, keys.Sort):
		m.sortBy = m.sortBy.Next()
		m.setStatus("Sorted by "+m.sortBy.String()+" within each incident; incidents follow their first item.", false)
		return m, m.arrange(m.selectedKey())
	case key.Matches(k, keys.Claim):
		return m, m.toggleClaim()
	case key.Matches(k, keys.Evidence):
		m.openEvidence()
		return m, nil
	case key.Matches(k, keys.Copy):
		if it := m.Selected(); it != nil {
			return m, m.Copy(it.Key(), safetext.Line(it.Key()))
		}
	case key.Matches(k, keys.Note):
		return m, m.openNotes()
	case key.Matches(k, keys.Status):
		return m, m.openStatusForm()
	case key.Matches(k, keys.Approve):
		return m, m.openForm(model.OutcomeApproved, false)
	case key.Matches(k, keys.Modify):
		return m, m.openForm(model.OutcomeApproved, true)
	case key.Matches(k, keys.Reject):
		return m, m.openForm(model.OutcomeRejected, false)
	case key.Matches(k, keys.Defer):
		return m, m.openForm(model.OutcomeDeferred, false)
	case key.Matches(k, m.KeyMap.Approve, m.KeyMap.Modify, m.KeyMap.Reject, m.KeyMap.Defer):
		// A decision the policy would refuse: say why rather than do nothing.
		m.setStatus(m.whyNot(k.String()), true)
	}
	return m, nil
}

// decisionVerbs names what each decision key does, for the sentence that
// says why it did nothing.
var decisionVerbs = map[string]string{"a": "approve", "m": "modify", "r": "reject", "d": "defer"}

// whyNot says why the decision key pressed does nothing on the selected
// item. It names that decision ("You cannot approve this: you may reject
// or defer this; it has expired"): "You cannot decide this" read as if no
// key would, beside the ones the line still offered. A gated call decided
// under another policy takes no decision at all.
func (m Model) whyNot(pressed string) string {
	it := m.Selected()
	switch {
	case it == nil:
		return "Nothing is selected: there is no pending item to decide."
	case m.detail == nil || m.detail.Item.Key() != it.Key():
		return "Loading " + it.Key() + "; try again in a moment."
	}
	if m.call.pinned != "" {
		return "You cannot decide this: " + m.call.pinned + "."
	}
	verb := decisionVerbs[pressed]
	if verb == "" {
		verb = "decide"
	}
	p, agent := m.who()
	return "You cannot " + verb + " this: " + review.Standing(m.Person, p, agent, *it, m.detail.Alike, m.Now()) + "."
}

func (m Model) selectedKey() string {
	if it := m.Selected(); it != nil {
		return it.Key()
	}
	return ""
}

func (m *Model) openForm(outcome model.Outcome, modify bool) tea.Cmd {
	it := m.Selected()
	if it == nil || m.detail == nil {
		return nil
	}
	f := NewForm(*it, outcome, modify, m.detail.Evidence).WithIncidentTwin(m.incAlike[it.Incident])
	if m.call.ok {
		f = f.WithGatedCall(m.call.GatedCall, m.detail.Suggestion.RawOutput)
	}
	m.form = &f
	m.form.SetSize(m.detailWidth(), m.detailHeight())
	if c, ok := m.claims[it.Key()]; ok && c.Person != m.Person && c.Live(m.Now()) {
		m.setStatus(c.Person+" holds "+it.Key()+" since "+c.Since.UTC().Format("15:04")+" UTC: they may be deciding it now.", false)
	}
	return nil
}

func newFilterInput() textinput.Model {
	in := textinput.New()
	in.Prompt = "filter: "
	in.Placeholder = FilterHelp
	in.CharLimit = 400
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// onFilterKey edits the filter: enter applies it, esc leaves it as it was.
func (m Model) onFilterKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch k.Type {
	case tea.KeyEsc:
		m.filtering = false
		m.filterIn.Blur()
		return m, nil
	case tea.KeyEnter:
		f, err := ParseFilter(m.filterIn.Value())
		if err != nil {
			m.setStatus(err.Error(), true)
			return m, nil
		}
		m.filtering = false
		m.filterIn.Blur()
		m.filter = f
		cmd := m.arrange(m.selectedKey())
		if len(m.items) == 0 && !f.Empty() {
			m.setStatus("Nothing pending matches "+f.String()+"; esc clears the filter.", false)
			if f.Incident != "" {
				cmd = tea.Batch(cmd, m.cmds.filterIncident(f.Incident))
			}
		}
		return m, cmd
	}
	var cmd tea.Cmd
	m.filterIn, cmd = m.filterIn.Update(common.ForText(k))
	return m, cmd
}

// openStatusForm opens the status form of the selected item's incident.
func (m *Model) openStatusForm() tea.Cmd {
	it := m.Selected()
	if it == nil {
		return nil
	}
	current := m.incStatus[it.Incident]
	if current == "" {
		current = model.StatusOpen
	}
	f := statusform.New(m.Styles, it.Incident, m.Person, current, m.pendingOf(it.Incident)).WithGateEnded(m.gateEndedOf(it.Incident))
	if d := m.detail; d != nil && d.Item.Incident == it.Incident {
		rule := m.Policy.StatusRule()
		switch p, agent := findPerson(d, m.Person); {
		case agent || p == nil:
			f.SetStanding("you (" + m.Person + ") are not a person of " + it.Incident + ": you can read the history, not change the status")
		case !rule.MayChangeStatus(p, d.Commander):
			f.SetStanding("you (" + m.Person + ", " + string(p.Authority) + ") cannot change it: the policy lets " + rule.Who(d.Commander) + " change it")
		}
	}
	m.statusForm = &f
	// The list's count may predate another process's decision.
	return tea.Batch(statusform.LoadHistory(m.Common, it.Incident), statusform.Count(m.Ctx, m.Store, it.Incident))
}

// onStatusForm handles the status form's messages.
func (m Model) onStatusForm(msg tea.Msg) (Model, tea.Cmd) {
	f := m.statusForm
	switch msg := msg.(type) {
	case statusform.HistoryMsg:
		if f != nil && f.Incident() == msg.Incident && msg.Err == nil {
			f.SetHistory(msg)
		}
	case statusform.CountedMsg:
		if f != nil && f.Incident() == msg.Incident && msg.Err == nil {
			f.Recount(msg.Pending, msg.GateEnded)
		}
	case statusform.CancelMsg:
		m.statusForm = nil
	case statusform.SubmitMsg:
		if f != nil {
			f.Saving()
			return m, statusform.Save(m.Common, msg.Request)
		}
	case statusform.SavedMsg:
		if f == nil {
			return m, nil
		}
		if msg.Err != nil {
			f.Refused(msg)
			return m, nil
		}
		m.statusForm = nil
		// The deferrals are this screen's own: a refresh does not call
		// them decided elsewhere, nor hides the confirmation.
		for _, d := range msg.Result.Deferred {
			m.markDecidedHere(msg.Result.Incident + "/" + d.Suggestion)
		}
		m.confirm(statusform.Recorded(msg.Result))
		// data_version moves only for other connections' writes: reload now.
		return m, m.cmds.load(0)
	}
	return m, nil
}
