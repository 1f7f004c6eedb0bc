package review

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Form is the review form for one step: a verdict, whether the AI changed
// the outcome, whether the AI was right, and a note.
type Form struct {
	styles  *common.Styles
	Keys    FormKeyMap
	subject string
	verdict model.Verdict
	outcome model.OutcomeChanged
	correct model.AICorrect
	note    textarea.Model
	inNote  bool
	saving  bool
	err     string
	width   int
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
func (f *Form) Saving()            { f.saving, f.err = true, "" }
func (f *Form) Refused(msg string) { f.saving, f.err = false, msg }
func (f Form) InNote() bool        { return f.inNote }

func (f Form) Update(msg tea.Msg) (Form, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || f.saving {
		return f, nil
	}
	switch {
	case key.Matches(k, f.Keys.SaveAnywhere):
		return f, common.Send(formSubmitMsg{})
	case key.Matches(k, f.Keys.Cancel):
		return f, common.Send(formCancelMsg{})
	case key.Matches(k, f.Keys.Note):
		f.inNote = !f.inNote
		if f.inNote {
			return f, f.note.Focus()
		}
		f.note.Blur()
		return f, nil
	}
	if f.inNote {
		var cmd tea.Cmd
		f.note, cmd = f.note.Update(msg)
		return f, cmd
	}
	switch {
	case key.Matches(k, f.Keys.Save):
		return f, common.Send(formSubmitMsg{})
	case key.Matches(k, f.Keys.Followed):
		f.verdict = model.VerdictFollowed
	case key.Matches(k, f.Keys.Modified):
		f.verdict = model.VerdictModified
	case key.Matches(k, f.Keys.Ignored):
		f.verdict = model.VerdictIgnored
	case key.Matches(k, f.Keys.None):
		f.verdict = model.VerdictNone
	case key.Matches(k, f.Keys.Outcome):
		f.outcome = next(outcomeCycle, f.outcome)
	case key.Matches(k, f.Keys.Correct):
		f.correct = next(correctCycle, f.correct)
	}
	return f, nil
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
	row := func(k, label safetext.Text, v safetext.Text) string {
		return common.Paint(s.FormKey, k) + " " + common.Paint(s.Label, common.Pad(label, 16)) + common.Paint(s.FormValue, v)
	}
	lines := []string{
		common.Paint(s.Bold, "Review verdict for "+safetext.Line(f.subject)),
		row("f/m/i/x", "verdict", verdictWord(f.verdict)),
		row("o      ", "outcome changed", safetext.Line(string(f.outcome))),
		row("c      ", "AI correct", safetext.Line(string(f.correct))),
	}
	noteTitle := safetext.Text("tab     note (tab to type)")
	if f.inNote {
		noteTitle = "tab     note (typing; tab to leave, ctrl+s saves)"
	}
	lines = append(lines, common.Paint(s.FormKey, noteTitle), f.note.View())
	switch {
	case f.saving:
		lines = append(lines, common.Paint(s.Muted, "Saving…"))
	case f.err != "":
		// One line, so the form keeps its height; the footer has it too.
		lines = append(lines, common.Paint(s.Error, safetext.LineWidth("Not saved: "+f.err, max(10, f.width-6))))
	default:
		lines = append(lines, common.Paint(s.Muted, "enter or ctrl+s saves · esc cancels"))
	}
	return s.Form.Width(max(20, f.width-2)).Render(strings.Join(lines, "\n"))
}
