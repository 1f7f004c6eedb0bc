package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/safetext"
)

// Picker lists the incidents with severity, status, pending count and
// review progress; / filters, enter opens.
type Picker struct {
	styles    *Styles
	Keys      PickerKeyMap
	all       []model.IncidentSummary
	shown     []int // indexes into all that pass the filter
	cursor    int
	top       int
	filter    textinput.Model
	filtering bool
	loaded    bool
	verifying bool   // the audit chain is still being checked
	banner    string // what is broken in the audit chain
	width     int
	height    int
}

// pickMsg asks the app to open an incident.
type pickMsg struct{ id string }

func NewPicker(st *Styles) Picker {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Placeholder = "filter by id, title, severity or status"
	ti.CharLimit = 200
	return Picker{styles: st, Keys: DefaultPickerKeyMap(), filter: ti}
}

func (p *Picker) SetSize(w, h int) {
	p.width, p.height = w, max(1, h)
	p.filter.Width = max(10, w-4)
}

// SetChain shows where the audit chain's check stands (see Screen.SetChain).
func (p *Picker) SetChain(verifying bool, problem string) { p.verifying, p.banner = verifying, problem }

// Filtering reports whether keys go to the filter input.
func (p Picker) Filtering() bool { return p.filtering }

func (p *Picker) SetIncidents(list []model.IncidentSummary) {
	var sel string
	if s := p.Selected(); s != nil {
		sel = s.ID
	}
	p.all, p.loaded = list, true
	p.apply()
	for i, idx := range p.shown {
		if p.all[idx].ID == sel {
			p.cursor = i
		}
	}
}

// Selected returns the incident under the cursor, or nil.
func (p Picker) Selected() *model.IncidentSummary {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return nil
	}
	s := p.all[p.shown[p.cursor]]
	return &s
}

func (p *Picker) apply() {
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.shown = p.shown[:0]
	for i, s := range p.all {
		hay := strings.ToLower(strings.Join([]string{s.ID, s.Title, string(s.Severity), string(s.Status)}, " "))
		if q == "" || strings.Contains(hay, q) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = max(0, min(p.cursor, len(p.shown)-1))
}

func (p Picker) Update(msg tea.Msg) (Picker, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return p, nil
	}
	if p.filtering {
		switch k.Type {
		case tea.KeyEnter:
			p.filtering = false
			p.filter.Blur()
			return p, nil
		case tea.KeyEsc:
			p.filtering = false
			p.filter.Blur()
			p.filter.SetValue("")
			p.apply()
			return p, nil
		}
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		p.apply()
		return p, cmd
	}
	switch {
	case key.Matches(k, p.Keys.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(k, p.Keys.Down):
		p.cursor = max(0, min(p.cursor+1, len(p.shown)-1))
	case key.Matches(k, p.Keys.Filter):
		p.filtering = true
		return p, p.filter.Focus()
	case key.Matches(k, p.Keys.Open):
		if s := p.Selected(); s != nil {
			return p, send(pickMsg{s.ID})
		}
	}
	return p, nil
}

// View draws the list: a title line, the filter line and the rows.
func (p Picker) View() string {
	st := p.styles
	var lines []string
	if p.banner != "" {
		lines = append(lines, fit(paint(st.Banner, safetext.LineWidth("⚠ AUDIT CHAIN BROKEN: "+p.banner, p.width)), p.width))
	}
	lines = append(lines, paint(st.Header, "signoff · pick an incident to review"))
	count := safetext.Text(fmt.Sprintf("%d incidents", len(p.all)))
	if p.verifying {
		count += " · verifying audit chain…"
	}
	if p.filtering || p.filter.Value() != "" {
		lines = append(lines, p.filter.View())
	} else {
		lines = append(lines, paint(st.Muted, count))
	}
	body := max(1, p.height-len(lines))
	switch {
	case !p.loaded:
		lines = append(lines, paint(st.Muted, "Loading incidents…"))
	case len(p.all) == 0:
		lines = append(lines, "No incidents in this database yet. Import one with: signoff import FILE.json")
	case len(p.shown) == 0:
		lines = append(lines, paint(st.Muted, "No incident matches the filter (esc clears it)."))
	}
	top := max(0, min(p.cursor-body/2, len(p.shown)-body))
	for i := top; i < len(p.shown) && i < top+body; i++ {
		lines = append(lines, p.row(p.all[p.shown[i]], i == p.cursor))
	}
	return strings.Join(lines, "\n")
}

func (p Picker) row(s model.IncidentSummary, selected bool) string {
	progress := safetext.Text(fmt.Sprintf("%d/%d reviewed", s.Reviewed, s.Subjects))
	pending := safetext.Text(fmt.Sprintf("%d pending", s.Pending))
	titleW := max(8, p.width-2-14-6-11-16-11)
	body := pad(safetext.LineWidth(s.ID, 13), 14) + pad(safetext.Line(string(s.Severity)), 6) +
		pad(safetext.Line(string(s.Status)), 11) + pad(safetext.LineWidth(s.Title, titleW-1), titleW) +
		pad(progress, 16) + pad(pending, 11)
	if selected {
		return fit(p.styles.RowSelected.Render("▸ "+string(body)), p.width)
	}
	return fit("  "+string(body), p.width)
}
