package queue

import (
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

// Form is the short form each decision opens: the changed action detail
// (modify only), a rationale (required), and the evidence reviewed, ticked
// from a list. For high and critical actions, and for a gated call of any
// tier, enter leads to a confirm step that restates the action (and the
// whole gated call) and wants the incident id or a typed y.
type Form struct {
	keys     FormKeyMap
	outcome  model.Outcome
	modify   bool
	item     model.PendingItem
	evidence []model.Evidence
	ticked   map[string]bool

	detail, rationale, confirm textinput.Model
	field                      formField
	cursor                     int // evidence row under the cursor
	confirming                 bool
	// discarding: esc was pressed over typed text, and the form asks
	// before the text is lost.
	discarding bool
	saving     bool
	err        string
	width      int
	height     int
	// confirmOff is the first line of the action's detail the confirm
	// step shows (pgdn and pgup move it when the detail is longer).
	confirmOff int
	// gone says the item left the queue while the form was open (decided
	// elsewhere): the draft stays on screen to copy, and cannot be sent.
	gone string
	// twin is another incident whose id reads like the item's, or "".
	twin string
	// gated is the call an approval of a gated item lets run, as the
	// detail pane showed it, and raw the suggestion's raw output it was
	// read from (a modification runs with changed arguments); nil for a
	// suggestion that did not come through the gate.
	gated *review.GatedCall
	raw   string
	// confirmCall is the call the confirm step shows: gated, with the
	// arguments of the action the step confirms. Set on entering it, so
	// the raw output is read once, not at every frame.
	confirmCall *review.GatedCall
}

type formField int

const (
	fieldDetail formField = iota
	fieldRationale
	fieldEvidence
)

// submitMsg asks the queue to record the form's decision.
type submitMsg struct{ req model.DecideRequest }

// copyDraftMsg asks the queue to copy the form's draft to the clipboard.
type copyDraftMsg struct{}

// cancelMsg closes the form.
type cancelMsg struct{}

// NewForm opens a form for outcome on item; modify lets the owner change
// the action detail first. The evidence the suggestion cites starts ticked
// only when the owner ticks it: reviewing is theirs to state.
func NewForm(item model.PendingItem, outcome model.Outcome, modify bool, evidence []model.Evidence) Form {
	f := Form{keys: DefaultFormKeyMap(), outcome: outcome, modify: modify, item: item, evidence: evidence, ticked: map[string]bool{}}
	f.detail = newInput("what will be done instead")
	// The AI's detail is untrusted: the input starts from what the owner
	// can see, markers and all, so what they submit is what they read.
	f.detail.SetValue(safetext.Line(item.Action.Detail).String())
	f.rationale = newInput("why, for the record (required)")
	f.confirm = newInput("type " + item.Incident + " or y")
	f.field = fieldRationale
	if modify {
		f.field = fieldDetail
	}
	f.focus()
	return f
}

func newInput(placeholder string) textinput.Model {
	in := textinput.New()
	in.Placeholder = placeholder
	in.Prompt = "› "
	in.CharLimit = 2000
	// A steady cursor: no blink ticks, and the same frame every time.
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// SetSize sets the cells and lines the form has.
func (f *Form) SetSize(w, h int) {
	f.SetWidth(w)
	f.height = h
}

func (f *Form) SetWidth(w int) {
	f.width = w
	for _, in := range []*textinput.Model{&f.detail, &f.rationale, &f.confirm} {
		in.Width = max(10, w-8)
	}
}

func (f Form) Key() string { return f.item.Key() }

// Saving marks the form as waiting for the store; Refused shows why the
// store said no and lets the owner change the form.
func (f *Form) Saving()            { f.saving, f.err = true, "" }
func (f *Form) Refused(msg string) { f.saving, f.err, f.confirming = false, msg, false; f.focus() }

// Gone keeps the draft of an item decided elsewhere on screen, read-only,
// with notice saying who decided it and how.
func (f *Form) Gone(notice string) {
	f.gone, f.saving, f.confirming, f.err = notice, false, false, ""
	f.detail.Blur()
	f.rationale.Blur()
	f.confirm.Blur()
	f.keys.Next.SetEnabled(false)
	f.keys.Prev.SetEnabled(false)
	f.keys.Toggle.SetEnabled(false)
	f.keys.Confirm.SetEnabled(false)
	f.keys.CopyDraft.SetEnabled(true)
	f.keys.Cancel.SetHelp("esc", "close")
}

// IsGone reports whether the item was decided elsewhere.
func (f Form) IsGone() bool { return f.gone != "" }

// Draft is what the person typed, as it can be copied.
func (f Form) Draft() safetext.Text {
	text := strings.TrimSpace(f.rationale.Value())
	if f.modify {
		text = "action detail: " + strings.TrimSpace(f.detail.Value()) + "\nrationale: " + text
	}
	return safetext.Block(text)
}

func (f *Form) focus() {
	f.detail.Blur()
	f.rationale.Blur()
	f.confirm.Blur()
	switch {
	case f.confirming:
		f.confirm.Focus()
	case f.field == fieldDetail:
		f.detail.Focus()
	case f.field == fieldRationale:
		f.rationale.Focus()
	}
}

func (f Form) fields() []formField {
	if f.modify {
		return []formField{fieldDetail, fieldRationale, fieldEvidence}
	}
	return []formField{fieldRationale, fieldEvidence}
}

func (f *Form) move(step int) {
	fs := f.fields()
	for i, x := range fs {
		if x == f.field {
			f.field = fs[(i+step+len(fs))%len(fs)]
			break
		}
	}
	f.focus()
}

// WithIncidentTwin names another incident whose id reads like the item's
// (a pair stored before imports refused one), so the confirm step, the
// last look before the record, tells the two apart.
func (f Form) WithIncidentTwin(twin string) Form { f.twin = twin; return f }

// WithGatedCall gives the form the whole call an approval of its gated
// item lets run (read from raw, the suggestion's raw output), so the
// confirm step shows it, not only the mapped detail.
func (f Form) WithGatedCall(c review.GatedCall, raw string) Form {
	f.gated, f.raw = &c, raw
	return f
}

// callConfirmed is the gated call as the action the confirm step
// restates runs it: a changed detail (a modification, or the first
// approval's) changes the arguments the gate answers with. A change the
// framework cannot be told keeps the call as asked: the store refuses
// the decision, saying why.
func (f Form) callConfirmed() *review.GatedCall {
	if f.gated == nil {
		return nil
	}
	if d := f.action().Detail; d != f.item.Action.Detail {
		if c, ok := review.ReadGatedCallAs(f.raw, d); ok {
			return &c
		}
	}
	return f.gated
}

// incidentNamed is the item's incident as the confirm step names it:
// marked, spelt in escapes, when it reads like another, since typing what
// looks like it may not be it.
func (f Form) incidentNamed() string {
	if f.twin == "" {
		return f.item.Incident
	}
	return f.item.Incident + " (" + string(common.AlikeMark(f.item.Incident, f.twin)) + ")"
}

// needsConfirm: a habit keystroke must never approve or reject a high or
// critical action, nor decide a gated call of any tier: the form has taken
// the detail pane's place, and only the confirm step shows the whole call
// (a modification's with the arguments the gate will answer with).
func (f Form) needsConfirm() bool {
	return f.item.Tier == model.TierHigh || f.item.Tier == model.TierCritical || f.gated != nil
}

func (f Form) Update(msg tea.Msg) (Form, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || f.saving {
		return f, nil
	}
	if f.gone != "" {
		if common.IsText(k) {
			return f, nil // the draft is read-only now
		}
		switch {
		case key.Matches(k, f.keys.Cancel):
			return f, send(cancelMsg{})
		case key.Matches(k, f.keys.CopyDraft):
			return f, send(copyDraftMsg{})
		}
		return f, nil
	}
	if f.discarding {
		yes := key.Matches(k, f.ActiveKeys().Discard)
		f.discarding = false
		if yes {
			return f, send(cancelMsg{})
		}
		return f, nil
	}
	if common.IsText(k) {
		// Typed or pasted text goes into a text field whole, so its words
		// never act as keys; over the evidence list it is one press each.
		if f.confirming || f.field != fieldEvidence {
			return f.typeText(k)
		}
		return common.EachPress(f, k, func(f Form, k tea.KeyMsg) (Form, tea.Cmd) { return f.Update(k) })
	}
	switch {
	case key.Matches(k, f.keys.Cancel):
		if f.confirming {
			f.confirming = false
			f.focus()
			return f, nil
		}
		if f.typed() {
			f.discarding = true
			return f, nil
		}
		return f, send(cancelMsg{})
	case key.Matches(k, f.keys.Confirm):
		return f.enter()
	}
	if f.confirming {
		switch {
		case key.Matches(k, f.keys.More):
			f.scrollConfirm(1)
			return f, nil
		case key.Matches(k, f.keys.Less):
			f.scrollConfirm(-1)
			return f, nil
		}
		var cmd tea.Cmd
		f.confirm, cmd = f.confirm.Update(k)
		return f, cmd
	}
	switch {
	case key.Matches(k, f.keys.Next):
		f.move(1)
		return f, nil
	case key.Matches(k, f.keys.Prev):
		f.move(-1)
		return f, nil
	}
	var cmd tea.Cmd
	switch f.field {
	case fieldDetail:
		f.detail, cmd = f.detail.Update(k)
	case fieldRationale:
		f.rationale, cmd = f.rationale.Update(k)
	case fieldEvidence:
		switch {
		case key.Matches(k, f.keys.Up) || k.String() == "k":
			f.cursor = max(0, f.cursor-1)
		case key.Matches(k, f.keys.Down) || k.String() == "j":
			f.cursor = min(len(f.evidence)-1, f.cursor+1)
		case key.Matches(k, f.keys.Toggle) && len(f.evidence) > 0:
			id := f.evidence[f.cursor].ID
			f.ticked[id] = !f.ticked[id]
		}
	}
	return f, cmd
}

// typed reports whether the person wrote anything esc would lose: a
// rationale, or a changed action detail.
func (f Form) typed() bool {
	return strings.TrimSpace(f.rationale.Value()) != "" ||
		f.modify && f.detail.Value() != safetext.Line(f.item.Action.Detail).String()
}

// ActiveKeys are the form's keys; while it asks whether to discard what
// was typed, only y (discard) and esc (keep writing) are offered. Space
// and the arrows act on the evidence list only (in a text field they
// type and move the cursor), and at the typed confirmation tab and space
// do nothing and esc goes back to the form.
func (f Form) ActiveKeys() FormKeyMap {
	k := f.keys
	onList := !f.confirming && f.field == fieldEvidence && len(f.evidence) > 0
	for _, b := range []*key.Binding{&k.Toggle, &k.Up, &k.Down} {
		b.SetEnabled(b.Enabled() && onList)
	}
	if f.confirming {
		k.Next.SetEnabled(false)
		k.Prev.SetEnabled(false)
		k.Cancel.SetHelp("esc", "back to the form")
	}
	// ? opens the help where it is not typed: on the list, or over a
	// draft that can no longer be changed.
	k.Help.SetEnabled(onList || f.gone != "")
	scrolls := f.confirmScrolls()
	k.More.SetEnabled(scrolls)
	k.Less.SetEnabled(scrolls)
	if f.discarding {
		askingToDiscard(&k.Discard, &k.Cancel, &k.Next, &k.Prev, &k.Toggle, &k.Up, &k.Down, &k.Confirm, &k.CopyDraft, &k.More, &k.Less, &k.Help)
	}
	return k
}

// typeText puts text into the field that has the focus.
func (f Form) typeText(k tea.KeyMsg) (Form, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case f.confirming:
		f.confirm, cmd = f.confirm.Update(common.ForText(k))
	case f.field == fieldDetail:
		f.detail, cmd = f.detail.Update(common.ForText(k))
	case f.field == fieldRationale:
		f.rationale, cmd = f.rationale.Update(common.ForText(k))
	}
	return f, cmd
}

func (f Form) enter() (Form, tea.Cmd) {
	if f.confirming {
		v := strings.TrimSpace(f.confirm.Value())
		if v != "y" && v != f.item.Incident {
			f.err = "Type " + f.incidentNamed() + " or y, then enter, to confirm; esc goes back."
			return f, nil
		}
		return f, send(submitMsg{f.Request()})
	}
	if strings.TrimSpace(f.rationale.Value()) == "" {
		f.err = "A rationale is required: say why, for the record."
		f.field = fieldRationale
		f.focus()
		return f, nil
	}
	if f.modify && strings.TrimSpace(f.detail.Value()) == "" {
		f.err = "The changed action detail is empty: say what will be done instead."
		return f, nil
	}
	if f.needsConfirm() {
		f.confirming, f.err, f.confirmOff = true, "", 0
		f.confirmCall = f.callConfirmed()
		f.confirm.SetValue("")
		f.focus()
		return f, nil
	}
	return f, send(submitMsg{f.Request()})
}

// Request is the decision the form describes; Person is set by the queue.
func (f Form) Request() model.DecideRequest {
	req := model.DecideRequest{Incident: f.item.Incident, Suggestion: f.item.Suggestion, Outcome: f.outcome,
		Rationale: strings.TrimSpace(f.rationale.Value())}
	for _, e := range f.evidence {
		if f.ticked[e.ID] {
			req.Evidence = append(req.Evidence, e.ID)
		}
	}
	if f.modify {
		d := strings.TrimSpace(f.detail.Value())
		req.ActionDetail = &d
	}
	if f.outcome == model.OutcomeApproved {
		a := f.action()
		req.Confirmed = &a
	}
	return req
}

// action is what an approval from this form records, as its confirm step
// shows it: the changed detail of a modification, else the action of the
// first approval the item carries (a second approval approves it), else
// the suggested one.
func (f Form) action() model.Action {
	a := f.item.Action
	switch {
	case f.modify:
		a.Detail = strings.TrimSpace(f.detail.Value())
	case f.item.FirstApproval != nil:
		a = f.item.FirstApproval.Action
	}
	return a
}

// verb is the form's title word.
func (f Form) verb() safetext.Text {
	switch {
	case f.modify:
		return "MODIFY AND APPROVE"
	case f.outcome == model.OutcomeRejected:
		return "REJECT"
	case f.outcome == model.OutcomeDeferred:
		return "DEFER"
	}
	return "APPROVE"
}

// noun names the decision the form records: "the rejection you were
// writing".
func (f Form) noun() string {
	switch {
	case f.modify:
		return "modification"
	case f.outcome == model.OutcomeRejected:
		return "rejection"
	case f.outcome == model.OutcomeDeferred:
		return "deferral"
	}
	return "approval"
}

func send(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }
