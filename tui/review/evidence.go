package review

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Viewer is the evidence view: the whole record behind a row (every
// evidence record of a step, and every field uncut, the AI's raw output
// included) in a scrollable viewport.
type Viewer struct {
	styles  *common.Styles
	Keys    ViewerKeyMap
	vp      viewport.Model
	detail  *detailMsg
	content string // everything the viewport scrolls over
	roster  rosterIndex
	policy  *rules.Policy
	width   int
	height  int
}

// viewerCloseMsg asks the screen to close the viewer.
type viewerCloseMsg struct{}

func NewViewer(st *common.Styles, keys common.KeyMap, pol *rules.Policy) Viewer {
	return Viewer{styles: st, Keys: DefaultViewerKeyMap(keys), vp: viewport.New(0, 0), policy: pol}
}

// Open shows the record behind a loaded row.
func (v *Viewer) Open(d *detailMsg, idx rosterIndex) {
	v.detail, v.roster = d, idx
	v.render()
	v.vp.GotoTop()
}

func (v *Viewer) SetSize(w, h int) {
	changed := w != v.width
	v.width, v.height = w, h
	v.vp.Width, v.vp.Height = w, max(1, h)
	if changed && v.detail != nil {
		v.render()
	}
}

func (v *Viewer) render() {
	if v.width <= 0 {
		return
	}
	p := &page{st: v.styles, width: v.width}
	d := v.detail
	if d != nil && d.step != nil {
		for i := range d.step.Evidence {
			evidenceRecord(p, &d.step.Evidence[i])
		}
		if n := d.step.EvidenceOmitted; n > 0 {
			what := common.Count(n, "more record") + " for the same asset, collected away from this step, "
			if n == 1 {
				what += "is on the timeline as an EVID row."
			} else {
				what += "are on the timeline as EVID rows."
			}
			p.field("", safetext.Text(what))
		}
		if len(d.step.Evidence) == 0 {
			p.title(func(t safetext.Text) string { return common.Paint(v.styles.Evidence, t) }, common.TitleEvidence)
			p.field("", "This step cites no evidence and none was collected for its target.")
		}
		if s := d.step.Suggestion; s != nil && s.RawOutput != "" {
			p.title(func(t safetext.Text) string { return common.Paint(v.styles.AI, t) }, "◇ AI RAW OUTPUT · "+safetext.Line(s.ID))
			p.field("", safetext.Block(s.RawOutput))
		}
		v.content = p.String() + "\n\n" + detailContent(v.styles, v.width, 0, d, v.roster, v.policy)
	} else {
		v.content = detailContent(v.styles, v.width, 0, d, v.roster, v.policy)
	}
	v.vp.SetContent(v.content)
}

func (v Viewer) Update(msg tea.Msg) (Viewer, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return v, nil
	}
	switch {
	case key.Matches(k, v.Keys.Back):
		return v, common.Send(viewerCloseMsg{})
	case key.Matches(k, v.Keys.Up):
		v.vp.ScrollUp(1)
	case key.Matches(k, v.Keys.Down):
		v.vp.ScrollDown(1)
	case key.Matches(k, v.Keys.PageUp):
		v.vp.PageUp()
	case key.Matches(k, v.Keys.PageDown):
		v.vp.PageDown()
	case key.Matches(k, v.Keys.Top):
		v.vp.GotoTop()
	case key.Matches(k, v.Keys.Bottom):
		v.vp.GotoBottom()
	}
	return v, nil
}

func (v Viewer) View() string { return v.vp.View() }
