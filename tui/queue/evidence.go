package queue

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// evidenceView shows the selected item's evidence in full (what the AI
// cited, then every record for the target): id, kind, asset, collector and
// time, sha256, URI and the whole summary. y copies the record's id, hash
// or URI.
type evidenceView struct {
	keys    evidenceKeyMap
	key     string // the item's key
	records []model.Evidence
	cited   map[string]bool
	cursor  int
	copying bool // y was pressed: i, h or u picks what to copy
}

type evidenceKeyMap struct {
	Up, Down, Top, Bottom, Copy, CopyID, CopyHash, CopyURI, Back, Help key.Binding
}

func (k evidenceKeyMap) ShortHelp() []key.Binding {
	if k.CopyID.Enabled() {
		return []key.Binding{k.CopyID, k.CopyHash, k.CopyURI, k.Back}
	}
	return []key.Binding{k.Down, k.Up, k.Copy, k.Back, k.Help}
}

func (k evidenceKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Copy, k.CopyID, k.CopyHash, k.CopyURI}, {k.Back, k.Help}}
}

func newEvidenceKeys(shared common.KeyMap) evidenceKeyMap {
	k := evidenceKeyMap{Up: shared.Up, Down: shared.Down, Top: shared.Top, Bottom: shared.Bottom, Help: shared.Help,
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id, hash or URI")),
		CopyID:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "copy id"), key.WithDisabled()),
		CopyHash: key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "copy sha256"), key.WithDisabled()),
		CopyURI:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "copy URI"), key.WithDisabled()),
		Back:     key.NewBinding(key.WithKeys("esc", "e", "q"), key.WithHelp("esc", "back")),
	}
	k.Up.SetHelp("↑/k", "previous")
	k.Down.SetHelp("↓/j", "next")
	return k
}

// openEvidence opens the evidence of the selected item, once its detail
// is loaded.
func (m *Model) openEvidence() {
	it := m.Selected()
	if it == nil {
		return
	}
	if m.detail == nil || m.detail.Item.Key() != it.Key() {
		m.setStatus("Loading "+it.Key()+"; press e again in a moment.", false)
		return
	}
	v := evidenceView{keys: newEvidenceKeys(m.Keys), key: it.Key(), cited: map[string]bool{}}
	seen := map[string]bool{}
	for _, list := range [][]model.Evidence{m.detail.Cited, m.detail.TargetEvidence} {
		for _, e := range list {
			if !seen[e.ID] {
				seen[e.ID] = true
				v.records = append(v.records, e)
			}
		}
	}
	for _, e := range m.detail.Cited {
		v.cited[e.ID] = true
	}
	m.evidence = &v
}

func (m Model) onEvidenceKey(k tea.KeyMsg) (Model, tea.Cmd) {
	v := m.evidence
	if v.copying {
		defer v.setCopying(false)
		if len(v.records) == 0 {
			return m, nil
		}
		e := v.records[v.cursor]
		var what, text string
		switch {
		case key.Matches(k, v.keys.CopyID):
			what, text = "the id of "+e.ID, e.ID
		case key.Matches(k, v.keys.CopyHash):
			what, text = "the sha256 of "+e.ID, e.SHA256
		case key.Matches(k, v.keys.CopyURI):
			what, text = "the URI of "+e.ID, e.URI
		default:
			m.setStatus("Nothing copied.", false)
			return m, nil
		}
		if text == "" {
			m.setStatus(e.ID+" has no "+strings.TrimPrefix(strings.Fields(what)[1], "the ")+" to copy.", true)
			return m, nil
		}
		return m, m.Copy(what, safetext.Line(text))
	}
	switch {
	case key.Matches(k, v.keys.Back):
		m.evidence = nil
	case key.Matches(k, v.keys.Help):
		m.help.ShowAll = !m.help.ShowAll
	case key.Matches(k, v.keys.Up):
		v.cursor = max(0, v.cursor-1)
	case key.Matches(k, v.keys.Down):
		v.cursor = min(len(v.records)-1, v.cursor+1)
	case key.Matches(k, v.keys.Top):
		v.cursor = 0
	case key.Matches(k, v.keys.Bottom):
		v.cursor = max(0, len(v.records)-1)
	case key.Matches(k, v.keys.Copy):
		if len(v.records) > 0 {
			v.setCopying(true)
			m.setStatus("Copy from "+v.records[v.cursor].ID+": i its id, h its sha256, u its URI; any other key cancels.", false)
		}
	}
	return m, nil
}

func (v *evidenceView) setCopying(on bool) {
	v.copying = on
	v.keys.CopyID.SetEnabled(on)
	v.keys.CopyHash.SetEnabled(on)
	v.keys.CopyURI.SetEnabled(on)
	v.keys.Copy.SetEnabled(!on)
}

// lines draws every record in full, the selected one marked, and the
// offset of the window of height h that shows the selected record.
func (v evidenceView) lines(st *common.Styles, w, h int) ([]string, int) {
	out := []string{st.Evidence.Render(string(safetext.LineWidth("■ EVIDENCE of "+v.key+" in full · y copies", w)))}
	if len(v.records) == 0 {
		return append(out, st.Muted.Render("  the AI cited none, and none is on record for the target")), 0
	}
	start, end := 0, 0
	for i, e := range v.records {
		mark := "  "
		if i == v.cursor {
			mark = "▸ "
			start = len(out)
		}
		head := mark + e.ID + " · " + e.Kind
		if e.Asset != "" {
			head += " · on " + e.Asset
		}
		if v.cited[e.ID] {
			head += " · cited by the AI"
		}
		if i == v.cursor {
			out = append(out, st.RowSelected.Render(string(safetext.LineWidth(head, w))))
		} else {
			out = append(out, st.Bold.Render(string(safetext.LineWidth(head, w))))
		}
		out = append(out, wrapIndent("collected "+stamp(e.CollectedAt)+" by "+e.CollectedBy, w)...)
		out = append(out, wrapIndent("sha256 "+orNone(e.SHA256), w)...)
		out = append(out, wrapIndent("uri "+orNone(e.URI), w)...)
		out = append(out, wrapIndent("summary: "+orNone(e.Summary), w)...)
		if i == v.cursor {
			end = len(out)
		}
	}
	// The selected record on screen: from the top while it fits, else
	// ending at its last line (its head first when it is taller than h).
	off := 0
	if end > h {
		off = max(end-h, 0)
		off = min(off, start)
	}
	return out, off
}
