package review

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Form is the review form for one step: a verdict, whether the AI changed
// the outcome, whether the AI was right, and a note. A verdict that
// disagrees with what the record shows needs a note saying why and a
// second word (y) after the form has said what the record shows.
type Form struct {
	styles  *common.Styles
	Keys    FormKeyMap
	subject string
	verdict model.Verdict
	outcome model.OutcomeChanged
	correct model.AICorrect
	note    textarea.Model
	inNote  bool
	// proposal is what the record shows; suggestion is the step's AI
	// suggestion, nil for a human-originated action.
	proposal   rules.Proposal
	suggestion *model.Event
	confirming bool
	// discarding: esc was pressed over a typed note, and the form asks
	// before the note is lost.
	discarding bool
	saving     bool
	err        string
	width      int
}

// The form's own messages: the screen saves or closes it.
type (
	formSubmitMsg struct{}
	formCancelMsg struct{}
)

var (
	outcomeCycle = []model.OutcomeChanged{"unknown", "yes", "no"}
	correctCycle = []model.AICorrect{"unknown", "yes", "partial", "no"}
)

// NewForm opens the form for subject with a verdict filled in.
func NewForm(st *common.Styles, subject string, v model.Verdict) Form {
	ta := textarea.New()
	ta.Placeholder = "What should a later reader know about this step?"
	ta.ShowLineNumbers = false
	ta.Prompt = "│ "
	ta.CharLimit = 8000
	ta.SetHeight(3)
	ta.FocusedStyle, ta.BlurredStyle = st.Note, st.Note
	ta.Cursor.SetMode(cursor.CursorStatic)
	return Form{styles: st, Keys: DefaultFormKeyMap(), subject: subject, verdict: v,
		outcome: outcomeCycle[0], correct: correctCycle[0], note: ta}
}

// Judge gives the form the step it judges: what the record shows, and the
// AI suggestion the step began with (nil when none).
func (f *Form) Judge(s *model.Step) {
	f.proposal, f.suggestion = rules.ProposeVerdict(*s), s.Suggestion
}

func (f *Form) SetWidth(w int) {
	f.width = w
	f.note.SetWidth(max(10, w-6))
}

// Subject is the review subject the form judges.
func (f Form) Subject() string { return f.subject }

// Review is the verdict record the form describes, as person.
func (f Form) Review(person string) model.Review {
	return model.Review{Subject: f.subject, Reviewer: person, Verdict: f.verdict,
		OutcomeChanged: f.outcome, AICorrect: f.correct, Note: strings.TrimSpace(f.note.Value())}
}

// Saving marks the form as waiting for the store; Refused shows why the
// store refused it and keeps everything typed.
func (f *Form) Saving()            { f.saving, f.err, f.confirming = true, "", false }
func (f *Form) Refused(msg string) { f.saving, f.err = false, "Not saved: "+msg }
func (f Form) InNote() bool        { return f.inNote }

// disagreement is the sentence saying how the verdict disagrees with the
// record, "" when it does not (or the record proposes nothing).
func (f Form) disagreement() string {
	p := f.proposal
	if p.Verdict == "" || p.Verdict == f.verdict {
		return ""
	}
	return string(verdictWord(f.verdict)) + " disagrees with the record, which shows " + p.Reason + "."
}

// noneRefused says why "none" cannot judge a step that began with an AI
// suggestion.
func noneRefused(sug *model.Event) string {
	return sug.ID + " is an AI suggestion (from " + sug.Agent + "), so its verdict cannot be none (no AI): " +
		"choose followed, modified or ignored."
}

func (f Form) Update(msg tea.Msg) (Form, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || f.saving {
		return f, nil
	}
	if f.discarding {
		yes := key.Matches(k, f.ActiveKeys().Discard)
		f.discarding = false
		if yes {
			return f, common.Send(formCancelMsg{})
		}
		return f, nil
	}
	if f.confirming {
		yes := key.Matches(k, f.ActiveKeys().Confirm)
		f.confirming = false
		if yes {
			return f, common.Send(formSubmitMsg{})
		}
		return f, nil
	}
	if f.inNote {
		if common.IsText(k) {
			var cmd tea.Cmd
			f.note, cmd = f.note.Update(common.ForText(k))
			return f, cmd
		}
		switch {
		case key.Matches(k, f.Keys.SaveAnywhere):
			return f.submit()
		case key.Matches(k, f.Keys.Cancel):
			return f.cancel()
		case key.Matches(k, f.Keys.Note):
			f.inNote = false
			f.note.Blur()
			return f, nil
		}
		var cmd tea.Cmd
		f.note, cmd = f.note.Update(k)
		return f, cmd
	}
	return common.EachPress(f, k, Form.onKey)
}

// onKey takes one press outside the note.
func (f Form) onKey(k tea.KeyMsg) (Form, tea.Cmd) {
	switch {
	case key.Matches(k, f.Keys.Save, f.Keys.SaveAnywhere):
		return f.submit()
	case key.Matches(k, f.Keys.Cancel):
		return f.cancel()
	case key.Matches(k, f.Keys.Note):
		f.inNote = true
		return f, f.note.Focus()
	case key.Matches(k, f.Keys.Followed):
		f.verdict, f.err = model.VerdictFollowed, ""
	case key.Matches(k, f.Keys.Modified):
		f.verdict, f.err = model.VerdictModified, ""
	case key.Matches(k, f.Keys.Ignored):
		f.verdict, f.err = model.VerdictIgnored, ""
	case key.Matches(k, f.Keys.None):
		if f.suggestion != nil {
			f.err = noneRefused(f.suggestion)
			return f, nil
		}
		f.verdict, f.err = model.VerdictNone, ""
	case key.Matches(k, f.Keys.Outcome):
		f.outcome = next(outcomeCycle, f.outcome)
	case key.Matches(k, f.Keys.Correct):
		f.correct = next(correctCycle, f.correct)
	}
	return f, nil
}

// cancel closes the form, asking first when a note was typed: esc is
// also how many people leave a text field, and a note can be long.
func (f Form) cancel() (Form, tea.Cmd) {
	if strings.TrimSpace(f.note.Value()) == "" {
		return f, common.Send(formCancelMsg{})
	}
	f.discarding = true
	return f, nil
}

// submit saves, unless the verdict disagrees with the record: then it
// wants a note first, and once there is one, asks for y.
func (f Form) submit() (Form, tea.Cmd) {
	d := f.disagreement()
	switch {
	case d == "":
		return f, common.Send(formSubmitMsg{})
	case strings.TrimSpace(f.note.Value()) == "":
		f.err = d + " Write a note saying why, then save."
		f.inNote = true
		return f, f.note.Focus()
	}
	f.err, f.confirming = "", true
	f.inNote = false
	f.note.Blur()
	return f, nil
}

// ActiveKeys are the form's keys that work where the cursor is, so the
// help never offers one that would do something else: x is off on a step
// that began with an AI suggestion; in the note letters and enter are
// text; asked to confirm, y saves and any other key goes back.
func (f Form) ActiveKeys() FormKeyMap {
	k := f.Keys
	k.None.SetEnabled(f.suggestion == nil)
	letters := []*key.Binding{&k.Followed, &k.Modified, &k.Ignored, &k.None, &k.Outcome, &k.Correct, &k.Save, &k.Help}
	switch {
	case f.discarding:
		disable(append(letters, &k.Note, &k.SaveAnywhere)...)
		k.Discard.SetEnabled(true)
		k.Cancel.SetHelp("esc", "keep writing")
	case f.confirming:
		disable(append(letters, &k.Note, &k.SaveAnywhere)...)
		k.Confirm.SetEnabled(true)
		k.Cancel.SetHelp("esc", "back to the form")
	case f.inNote:
		disable(letters...)
		k.Note.SetHelp("tab", "leave the note")
	}
	return k
}

func next[T comparable](cycle []T, v T) T {
	for i, c := range cycle {
		if c == v {
			return cycle[(i+1)%len(cycle)]
		}
	}
	return cycle[0]
}

// View draws the form as a box of the set width.
func (f Form) View() string {
	s := f.styles
	inner := max(10, f.width-6)
	row := func(k, label safetext.Text, v safetext.Text) string {
		return common.Paint(s.FormKey, k) + " " + common.Paint(s.Label, common.Pad(label, 16)) + common.Paint(s.FormValue, v)
	}
	verdictKeys := safetext.Text("f/m/i/x")
	if f.suggestion != nil {
		verdictKeys = "f/m/i  "
	}
	lines := []string{
		common.Paint(s.Bold, "Review verdict for "+safetext.Line(f.subject)),
		row(verdictKeys, "verdict", verdictWord(f.verdict)),
		row("o      ", "outcome changed", safetext.Line(string(f.outcome))),
		row("c      ", "AI correct", safetext.Line(string(f.correct))),
	}
	if p := f.proposal; p.Verdict != "" {
		// Wrapped at spaces, not cut: it names the records behind the
		// proposal, and an id is read whole.
		lines = append(lines, common.WrapWords(s.Muted, "the record shows "+p.Reason, inner))
	}
	noteTitle := safetext.Text("tab     note (tab to type)")
	if f.inNote {
		noteTitle = "tab     note (typing; tab to leave, ctrl+s saves)"
	}
	lines = append(lines, common.Paint(s.FormKey, noteTitle), f.note.View())
	switch {
	case f.saving:
		lines = append(lines, common.Paint(s.Muted, "Saving…"))
	case f.discarding:
		lines = append(lines, common.Wrap(s.Bold, "Discard this verdict and the note you typed? y discards · any other key goes back", inner))
	case f.confirming:
		lines = append(lines, common.Wrap(s.Error, "⚠ "+f.disagreement(), inner),
			common.Paint(s.Bold, "y saves it with your note · any other key goes back to the form"))
	case f.err != "":
		lines = append(lines, common.Wrap(s.Error, f.err, inner))
	case f.inNote:
		lines = append(lines, common.Paint(s.Muted, "ctrl+s saves · enter starts a new line · esc cancels"))
	default:
		lines = append(lines, common.Paint(s.Muted, "enter or ctrl+s saves · esc cancels"))
	}
	return s.Form.Width(max(20, f.width-2)).Render(strings.Join(lines, "\n"))
}

// disable turns the keys off, for the help and for the form alike.
func disable(bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(false)
	}
}
