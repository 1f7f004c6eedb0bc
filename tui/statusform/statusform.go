// Package statusform is the form that changes an incident's status, one
// component shared by the review workstation and the queue: choose the
// status, say why, and, when resolving or closing over pending work,
// choose to defer it all as part of the change. It shows the incident's
// status history beside it. The rules are review's and the store's; the
// form only gathers the request.
package statusform

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// statuses is the order the form offers them in.
var statuses = []model.Status{model.StatusOpen, model.StatusContained, model.StatusResolved, model.StatusClosed}

type field int

const (
	fieldStatus field = iota
	fieldRationale
	fieldDefer
)

// Model is the status form of one incident.
type Model struct {
	Keys     KeyMap
	styles   *common.Styles
	incident string
	person   string
	current  model.Status
	pending  int
	// gateEnded counts the pending suggestions whose gate already
	// answered its agent: counted and deferred as any other (they are
	// pending), and said to run nothing whatever is recorded.
	gateEnded int
	history   []model.StatusChange
	proofs    []review.Proof // history[i]'s is proofs[i]
	loaded    bool
	standing  string // why the person may not change it, when they may not

	choice     int // index in statuses
	rationale  textinput.Model
	confirm    textinput.Model
	deferAll   bool
	field      field
	confirming bool
	// discarding: esc was pressed over a typed rationale, and the form
	// asks before it is lost.
	discarding bool
	saving     bool
	err        string
}

// SubmitMsg asks the screen to record the change.
type SubmitMsg struct{ Request model.StatusRequest }

// CancelMsg closes the form.
type CancelMsg struct{}

// New opens the form on an incident whose status in force is current,
// with pending suggestions still pending, for person.
func New(st *common.Styles, incident, person string, current model.Status, pending int) Model {
	m := Model{Keys: DefaultKeyMap(), styles: st, incident: incident, person: person, current: current, pending: pending}
	m.rationale = newInput("why, for the record (required)")
	m.confirm = newInput("type " + incident + " or y")
	// Start on the next step of a response: open → contained → resolved → closed.
	for i, s := range statuses {
		if s == current && i+1 < len(statuses) {
			m.choice = i + 1
		}
	}
	m.focus()
	return m
}

func newInput(placeholder string) textinput.Model {
	in := textinput.New()
	in.Placeholder = placeholder
	in.Prompt = "› "
	in.CharLimit = 2000
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// ActiveKeys are the keys that do something now, for the help line: ←/→
// on the status line (in the rationale they move the cursor), space on
// the box (in the rationale it types a space).
func (m Model) ActiveKeys() KeyMap {
	k := m.Keys
	k.Toggle.SetEnabled(m.offersDefer() && !m.confirming && m.field == fieldDefer)
	k.Left.SetEnabled(!m.confirming && m.field == fieldStatus)
	k.Right.SetEnabled(!m.confirming && m.field == fieldStatus)
	k.Next.SetEnabled(!m.confirming)
	k.Prev.SetEnabled(!m.confirming)
	if m.confirming {
		k.Cancel.SetHelp("esc", "back to the form")
	}
	if m.discarding {
		for _, b := range []*key.Binding{&k.Left, &k.Right, &k.Next, &k.Prev, &k.Toggle, &k.Confirm} {
			b.SetEnabled(false)
		}
		k.Discard.SetEnabled(true)
		k.Cancel.SetHelp("esc", "keep writing")
	}
	return k
}

// Incident is the incident the form changes.
func (m Model) Incident() string { return m.incident }

// Choice is the status chosen.
func (m Model) Choice() model.Status { return statuses[m.choice] }

// InText reports whether keys are being typed into a text field: the
// status line counts, since letters typed there go to the rationale.
func (m Model) InText() bool { return m.confirming || m.field != fieldDefer }

// SetStanding says up front why the person may not change the status; the
// store refuses the change anyway.
func (m *Model) SetStanding(s string) { m.standing = s }

// SetHistory shows the incident's status changes, oldest first.
func (m *Model) SetHistory(msg HistoryMsg) {
	m.history, m.proofs, m.loaded = msg.History, msg.Proofs, true
}

// WithGateEnded says how many of the pending suggestions their gate
// already answered.
func (m Model) WithGateEnded(n int) Model { m.gateEnded = n; return m }

// gateEndedWords says, under a count of pending work, how many of those
// their gate already answered: "" when none.
func (m Model) gateEndedWords() string {
	switch {
	case m.gateEnded == 0 || m.pending == 0:
		return ""
	case m.gateEnded == 1:
		return "1 of them: its gate already answered its agent, so what is recorded for it runs nothing; it counts as pending all the same."
	}
	return strconv.Itoa(m.gateEnded) + " of them: their gates already answered their agents, so what is recorded for them runs nothing; they count as pending all the same."
}

// Saving marks the form as waiting for the store; Refused shows why the
// store said no (msg.Err) and lets the person change the form. When the
// refusal counted the pending work again and it changed (a suggestion
// arrived after the form counted it), the form shows the new count and
// unticks "defer them all": the person ticks it again for what is
// pending now.
func (m *Model) Saving() { m.saving, m.err = true, "" }

// IsSaving reports whether the form waits for the store's answer.
func (m Model) IsSaving() bool { return m.saving }
func (m *Model) Refused(msg SavedMsg) {
	m.saving, m.err, m.confirming = false, model.ErrorMessage(msg.Err), false
	if msg.Counted {
		m.gateEnded = msg.GateEnded
	}
	if msg.Counted && msg.Pending != m.pending {
		m.pending, m.deferAll = msg.Pending, false
		switch {
		case m.offersDefer():
			m.field = fieldDefer
		case m.field == fieldDefer:
			m.field = fieldRationale
		}
	}
	m.focus()
}

// Recount takes the pending work counted afresh: when the form opens, and
// whenever the store says another process wrote. A count that changed
// unticks "defer them all" and leaves the confirmation, saying so, since
// the person ticked it for the number shown; with nothing pending any
// more the box goes. While the change is being recorded the count is
// left to the store's answer.
func (m *Model) Recount(pending, gateEnded int) {
	if m.saving {
		return
	}
	m.gateEnded = gateEnded
	if pending == m.pending {
		return
	}
	was, ticked := m.pending, m.deferAll && m.offersDefer()
	m.pending, m.deferAll = pending, false
	if ticked || m.confirming {
		// What was about to be confirmed is no longer what would be
		// recorded: the person looks again.
		m.confirming = false
		m.err = "The pending work changed while the form was open: " + pendingWords(pending) + " pending now, not " + strconv.Itoa(was) + "."
		if m.offersDefer() {
			m.err += " Tick the box again to defer them."
		}
	}
	if !m.offersDefer() && m.field == fieldDefer {
		m.field = fieldRationale
	}
	m.focus()
}

func (m *Model) focus() {
	m.rationale.Blur()
	m.confirm.Blur()
	switch {
	case m.confirming:
		m.confirm.Focus()
	case m.field == fieldRationale:
		m.rationale.Focus()
	}
}

// fields are the form's fields; the deferral is offered only when the
// chosen status closes over pending work.
func (m Model) fields() []field {
	if m.offersDefer() {
		return []field{fieldStatus, fieldRationale, fieldDefer}
	}
	return []field{fieldStatus, fieldRationale}
}

func (m Model) offersDefer() bool { return m.Choice().Closes() && m.pending > 0 }

func (m *Model) move(step int) {
	fs := m.fields()
	at := 0
	for i, f := range fs {
		if f == m.field {
			at = i
		}
	}
	m.field = fs[(at+step+len(fs))%len(fs)]
	m.focus()
}

func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || m.saving {
		return m, nil
	}
	if m.discarding {
		yes := key.Matches(k, m.ActiveKeys().Discard)
		m.discarding = false
		if yes {
			return m, common.Send(CancelMsg{})
		}
		return m, nil
	}
	if k.Type == tea.KeyRunes && !k.Alt && !m.confirming && m.field == fieldStatus {
		// Letters typed on the status line are the rationale begun: they
		// go there, not away. ←/→ choose the status; no letter does.
		m.field = fieldRationale
		m.focus()
	}
	if common.IsText(k) {
		// Text typed or pasted goes into the text field whole, so its
		// words never act as keys; elsewhere it is one press each.
		var cmd tea.Cmd
		switch {
		case m.confirming:
			m.confirm, cmd = m.confirm.Update(common.ForText(k))
		case m.field == fieldRationale:
			m.rationale, cmd = m.rationale.Update(common.ForText(k))
		default:
			return common.EachPress(m, k, func(m Model, k tea.KeyMsg) (Model, tea.Cmd) { return m.Update(k) })
		}
		return m, cmd
	}
	switch {
	case key.Matches(k, m.Keys.Cancel):
		if m.confirming {
			m.confirming = false
			m.focus()
			return m, nil
		}
		if strings.TrimSpace(m.rationale.Value()) != "" {
			m.discarding = true
			return m, nil
		}
		return m, common.Send(CancelMsg{})
	case key.Matches(k, m.Keys.Confirm):
		return m.enter()
	}
	if m.confirming {
		var cmd tea.Cmd
		m.confirm, cmd = m.confirm.Update(k)
		return m, cmd
	}
	switch {
	case key.Matches(k, m.Keys.Next):
		m.move(1)
		return m, nil
	case key.Matches(k, m.Keys.Prev):
		m.move(-1)
		return m, nil
	}
	var cmd tea.Cmd
	switch m.field {
	case fieldStatus:
		switch {
		case key.Matches(k, m.Keys.Left):
			m.choice = max(0, m.choice-1)
		case key.Matches(k, m.Keys.Right):
			m.choice = min(len(statuses)-1, m.choice+1)
		}
		m.err = ""
	case fieldRationale:
		m.rationale, cmd = m.rationale.Update(k)
	case fieldDefer:
		if key.Matches(k, m.Keys.Toggle) {
			m.deferAll = !m.deferAll
		}
	}
	return m, cmd
}

// enter moves on from the status to the rationale, checks what the form
// can check, asks for a typed confirmation before resolving or closing,
// and submits.
func (m Model) enter() (Model, tea.Cmd) {
	if m.confirming {
		if v := strings.TrimSpace(m.confirm.Value()); v != "y" && v != m.incident {
			m.err = "Type " + m.incident + " or y, then enter, to confirm; esc goes back."
			return m, nil
		}
		return m, common.Send(SubmitMsg{m.Request()})
	}
	if m.field == fieldStatus {
		m.field = fieldRationale
		m.focus()
		return m, nil
	}
	switch {
	case m.Choice() == m.current:
		m.err = m.incident + " is already " + string(m.current) + ": choose another status with ←/→."
		m.field = fieldStatus
	case strings.TrimSpace(m.rationale.Value()) == "":
		m.err = "A rationale is required: say why, for the record."
		m.field = fieldRationale
	case m.offersDefer() && !m.deferAll:
		m.err = pendingWords(m.pending) + " pending" + review.GateEndedCount(m.gateEnded) + ": decide or defer each first, or tick the box to defer them all as " + m.person + "."
		m.field = fieldDefer
	case m.Choice().Closes():
		m.confirming, m.err = true, ""
		m.confirm.SetValue("")
	default:
		return m, common.Send(SubmitMsg{m.Request()})
	}
	m.focus()
	return m, nil
}

// Request is the change the form describes. A deferral of all carries
// how many the form showed, so the store defers no more than that.
func (m Model) Request() model.StatusRequest {
	req := model.StatusRequest{Incident: m.incident, Status: m.Choice(), Person: m.person,
		Rationale: strings.TrimSpace(m.rationale.Value()), DeferPending: m.offersDefer() && m.deferAll}
	if req.DeferPending {
		req.DeferShown = m.pending
	}
	return req
}

// suggestions is "1 suggestion", "5 suggestions".
func suggestions(n int) string {
	if n == 1 {
		return "1 suggestion"
	}
	return strconv.Itoa(n) + " suggestions"
}

func pendingWords(n int) string {
	if n == 1 {
		return suggestions(n) + " is"
	}
	return suggestions(n) + " are"
}

// Lines draws the form w cells wide.
func (m Model) Lines(w int) []string {
	st := m.styles
	var out []string
	add := func(l ...string) { out = append(out, l...) }
	now := "now " + string(m.current)
	if c := model.LatestChange(m.history); c != nil {
		now += " since " + review.Stamp(c.At) + " (" + c.By + ")"
	} else if m.loaded {
		now += " (as imported)"
	}
	add(st.FormKey.Render(string(safetext.LineWidth("CHANGE STATUS · "+m.incident+" · "+now, w))))
	// What stops the change comes first: the pane may be short.
	for _, l := range wrapIf(m.standing, w) {
		add(st.Bold.Render(l))
	}
	for _, l := range wrapIf(m.err, w) {
		add(st.Error.Render(l))
	}
	if m.saving {
		add(st.Muted.Render("Recording…"))
	}
	if m.discarding {
		for _, l := range wrap("Discard this change and the rationale you typed? y discards · any other key goes back", w) {
			add(st.Bold.Render(l))
		}
	}
	if m.confirming {
		add("", st.Error.Render(string(safetext.LineWidth("CONFIRM: you are about to mark "+m.incident+" "+string(m.Choice())+".", w))))
		if m.Request().DeferPending {
			add(wrap("  and defer "+suggestions(m.pending)+" as "+m.person+", one deferral each.", w)...)
			add(indented(m.gateEndedWords(), w)...)
		}
		add(wrap("  A resolved or closed incident leaves the queue at once.", w)...)
		add("", st.Bold.Render(string(safetext.LineWidth("Type "+m.incident+" or y, then enter. esc goes back.", w))))
		add(m.confirm.View())
	} else {
		var choices []string
		for i, s := range statuses {
			label := string(s)
			if s == m.current {
				label += " (now)"
			}
			if i == m.choice {
				label = "[" + label + "]"
			} else {
				label = " " + label + " "
			}
			choices = append(choices, label)
		}
		head := "Status (←/→):"
		if m.field == fieldStatus {
			add("", st.Label.Render(head), st.RowSelected.Render(string(safetext.LineWidth(strings.Join(choices, " "), w))))
		} else {
			add("", st.Label.Render(head), string(safetext.LineWidth(strings.Join(choices, " "), w)))
		}
		add("", st.Label.Render("Rationale (required):"), m.rationale.View())
		if m.offersDefer() {
			box := "[ ]"
			if m.deferAll {
				box = "[x]"
			}
			line := safetext.LineWidth(box+" defer the "+suggestions(m.pending)+" still pending as "+m.person+" (space)", w)
			if m.field == fieldDefer {
				add("", st.RowSelected.Render(string(line)))
			} else {
				add("", string(line))
			}
			add(indented(m.gateEndedWords(), w)...)
		}
	}
	add("", st.Label.Render("History:"))
	if len(m.history) == 0 {
		add(st.Muted.Render(string(safetext.LineWidth("  no status change recorded; "+m.incident+" is as imported", w))))
	}
	for n, c := range m.history {
		by := c.By
		broken := false
		if n < len(m.proofs) {
			if p := common.Proof(m.proofs[n]); p != "" {
				by += " · " + string(p)
				broken = common.ProofBroken(m.proofs[n])
			}
		}
		for i, l := range wrap(c.ID+" "+review.Stamp(c.At)+" → "+string(c.Status)+" by "+by+": "+c.Rationale, w-4) {
			if broken {
				l = st.FindingError.Render(l)
			}
			if i == 0 {
				add("  " + l)
			} else {
				add("    " + l)
			}
		}
	}
	return out
}

// indented wraps s two cells in from the left: "" draws nothing.
func indented(s string, w int) []string {
	lines := wrapIf(s, w-2)
	for i := range lines {
		lines[i] = "  " + lines[i]
	}
	return lines
}

func wrapIf(s string, w int) []string {
	if s == "" {
		return nil
	}
	return wrap(s, w)
}

// wrap sanitises text and wraps it to w cells.
func wrap(s string, w int) []string {
	w = max(10, w)
	return common.WrapText(safetext.LineWidth(s, w*20), w, "")
}
