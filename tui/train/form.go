package train

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// form takes the trainee's rationale, and for modify the action detail,
// before the reveal.
type form struct {
	outcome   model.Outcome
	suggested model.Action
	detail    textinput.Model
	rationale textinput.Model
	onDetail  bool
}

func newForm(st *common.Styles, o model.Outcome, suggested model.Action, width int) form {
	mk := func(placeholder string) textinput.Model {
		ti := textinput.New()
		ti.Prompt = ""
		ti.Placeholder = placeholder
		ti.CharLimit = 2000
		ti.Cursor.SetMode(cursor.CursorStatic)
		ti.PlaceholderStyle = st.Muted
		ti.Width = max(10, width-14)
		return ti
	}
	f := form{outcome: o, suggested: suggested, detail: mk("what you would do instead"), rationale: mk("why, in a sentence")}
	// The suggested detail came from the store: the field starts from its
	// sanitised text, never from the raw bytes.
	f.detail.SetValue(string(safetext.Line(suggested.Detail)))
	f.onDetail = o == model.OutcomeModified
	f.focus()
	return f
}

func (f *form) focus() {
	f.detail.Blur()
	f.rationale.Blur()
	if f.onDetail {
		f.detail.Focus()
	} else {
		f.rationale.Focus()
	}
}

// toggle moves between the detail and the rationale when modifying.
func (f *form) toggle() {
	if f.outcome == model.OutcomeModified {
		f.onDetail = !f.onDetail
		f.focus()
	}
}

func (f form) update(msg tea.Msg) (form, tea.Cmd) {
	var cmd tea.Cmd
	if f.onDetail {
		f.detail, cmd = f.detail.Update(msg)
	} else {
		f.rationale, cmd = f.rationale.Update(msg)
	}
	return f, cmd
}

// action is the action the choice would take: the suggested one for
// approve, the edited one for modify (an unedited field keeps the
// suggested bytes), none for reject and defer.
func (f form) action() *model.Action {
	switch f.outcome {
	case model.OutcomeApproved:
		a := f.suggested
		return &a
	case model.OutcomeModified:
		a := f.suggested
		if d := strings.TrimSpace(f.detail.Value()); d != strings.TrimSpace(string(safetext.Line(f.suggested.Detail))) {
			a.Detail = d
		}
		return &a
	}
	return nil
}

func (f form) view(st *common.Styles, width int) string {
	p := &page{width: width}
	p.add(st.FormKey, safe("Your call: "+verb[f.outcome]), 0)
	if f.outcome == model.OutcomeModified {
		p.raw(st.Label.Render("detail    ") + marker(f.onDetail) + f.detail.View())
	} else if a := f.action(); a != nil {
		p.field(st.Label, "action   ", st.Row, actionText(a))
	}
	p.raw(st.Label.Render("rationale ") + marker(!f.onDetail) + f.rationale.View())
	return p.String()
}

var verb = map[model.Outcome]string{model.OutcomeApproved: "APPROVE", model.OutcomeModified: "MODIFY",
	model.OutcomeRejected: "REJECT", model.OutcomeDeferred: "DEFER"}

func marker(on bool) string {
	if on {
		return "▸ "
	}
	return "  "
}
