package queue

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// maxNotesShown bounds the earlier notes the note form lists.
const maxNotesShown = 5

// noteForm writes a hand-off note on an incident, with its latest notes
// above it. Notes are append-only: there is nothing to edit, only to add.
type noteForm struct {
	keys     noteKeyMap
	incident string
	input    textinput.Model
	earlier  []model.HandoffNote
	loaded   bool
	saving   bool
	err      string
	// discarding: esc was pressed over a typed note, and the form asks
	// before the note is lost.
	discarding bool
}

type noteKeyMap struct{ Discard, Save, Cancel key.Binding }

func (k noteKeyMap) ShortHelp() []key.Binding  { return []key.Binding{k.Discard, k.Save, k.Cancel} }
func (k noteKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

type (
	notesMsg struct {
		incident string
		notes    []model.HandoffNote
		err      error
	}
	noteSavedMsg struct {
		note model.HandoffNote
		err  error
	}
	noteSubmitMsg struct{ text string }
	noteCancelMsg struct{}
)

func newNoteForm(incident string) noteForm {
	in := newInput("what the next shift needs to know (required)")
	in.CharLimit = model.MaxHandoffNote
	in.Focus()
	return noteForm{incident: incident, input: in, keys: noteKeyMap{
		Save:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "record the note")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Discard: discardKey(),
	}}
}

// activeKeys are the form's keys; while it asks whether to discard the
// note, only y (discard) and esc (keep writing) are offered.
func (n noteForm) activeKeys() noteKeyMap {
	k := n.keys
	if n.discarding {
		askingToDiscard(&k.Discard, &k.Cancel, &k.Save)
	}
	return k
}

// typed reports whether anything was written.
func (n noteForm) typed() bool { return strings.TrimSpace(n.input.Value()) != "" }

func (n noteForm) Update(k tea.KeyMsg) (noteForm, tea.Cmd) {
	if n.saving {
		return n, nil
	}
	if n.discarding {
		yes := key.Matches(k, n.activeKeys().Discard)
		n.discarding = false
		if yes {
			return n, send(noteCancelMsg{})
		}
		return n, nil
	}
	if common.IsText(k) {
		var cmd tea.Cmd
		n.input, cmd = n.input.Update(common.ForText(k))
		return n, cmd
	}
	switch {
	case key.Matches(k, n.keys.Cancel) && n.typed():
		n.discarding = true
		return n, nil
	case key.Matches(k, n.keys.Cancel):
		return n, send(noteCancelMsg{})
	case key.Matches(k, n.keys.Save):
		if !n.typed() {
			n.err = "The note is empty: say what the next shift needs to know."
			return n, nil
		}
		return n, send(noteSubmitMsg{strings.TrimSpace(n.input.Value())})
	}
	var cmd tea.Cmd
	n.input, cmd = n.input.Update(k)
	return n, cmd
}

func (n noteForm) lines(st *common.Styles, w int) []string {
	out := []string{st.FormKey.Render(string(safetext.LineWidth("HAND-OFF NOTE · "+n.incident+" · for the next shift", w))),
		"", st.Label.Render("Your note (named, append-only):"), n.input.View(), "",
		st.Label.Render("Earlier notes, newest first:")}
	if n.loaded && len(n.earlier) == 0 {
		out = append(out, st.Muted.Render("  none yet"))
	}
	for _, e := range n.earlier {
		out = append(out, wrapIndent(review.Stamp(e.At)+" "+e.By+": "+e.Text, w)...)
	}
	if n.saving {
		out = append(out, "", st.Muted.Render("Recording…"))
	}
	if n.discarding {
		out = append(out, "")
		for _, l := range wrap("Discard this note? y discards · any other key goes back", w) {
			out = append(out, st.Bold.Render(l))
		}
	}
	if n.err != "" {
		out = append(out, "")
		for _, l := range wrap(n.err, w) {
			out = append(out, st.Error.Render(l))
		}
	}
	return out
}

// openNotes opens the note form on the selected item's incident.
func (m *Model) openNotes() tea.Cmd {
	it := m.Selected()
	if it == nil {
		return nil
	}
	n := newNoteForm(it.Incident)
	n.input.Width = max(10, m.detailWidth()-8)
	m.notes = &n
	return m.cmds.notes(it.Incident)
}

func (m Model) onNotes(msg tea.Msg) (Model, tea.Cmd) {
	n := m.notes
	switch msg := msg.(type) {
	case notesMsg:
		if n != nil && n.incident == msg.incident {
			n.earlier, n.loaded = msg.notes, true
			if msg.err != nil {
				n.err = model.ErrorMessage(msg.err)
			}
		}
	case noteCancelMsg:
		m.notes = nil
	case noteSubmitMsg:
		if n != nil {
			n.saving, n.err = true, ""
			return m, m.cmds.addNote(model.HandoffNote{Incident: n.incident, By: m.Person, Text: msg.text})
		}
	case noteSavedMsg:
		if n == nil {
			return m, nil
		}
		if msg.err != nil {
			n.saving, n.err = false, model.ErrorMessage(msg.err)
			return m, nil
		}
		m.notes = nil
		m.confirm("Recorded your hand-off note on " + msg.note.Incident + "; it heads the incident's group.")
		return m, m.cmds.load(0)
	}
	return m, nil
}
