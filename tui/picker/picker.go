// Package picker is the incident picker: every incident with severity,
// status, pending count and review progress; / filters, enter opens one.
package picker

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// Model is the incident picker.
type Model struct {
	common.Common
	common.Asking
	KeyMap    KeyMap
	help      help.Model
	all       []model.IncidentSummary
	shown     []int // indexes into all that pass the filter
	cursor    int
	filter    textinput.Model
	filtering bool
	loaded    bool
	verifying bool   // the audit chain is still being checked
	banner    string // what is broken in the audit chain
	// away is why the list could not be read, the server being away (a
	// restart): said above the keys until a read succeeds.
	away string
}

// incidentsMsg carries the list of incidents.
type incidentsMsg struct {
	list []model.IncidentSummary
	err  error
}

// New returns the picker; Init loads the incidents.
func New(c common.Common) Model {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.Placeholder = "filter by id, title, severity or status"
	ti.CharLimit = 200
	return Model{Common: c, KeyMap: DefaultKeyMap(c.Keys), help: c.NewHelp(), filter: ti}
}

func (p Model) Init() tea.Cmd { return p.Refresh() }

// Refresh reads the incidents again.
func (p Model) Refresh() tea.Cmd {
	ctx, store := p.Ctx, p.Store
	return func() tea.Msg {
		list, err := store.Incidents(ctx)
		return incidentsMsg{list, err}
	}
}

func (p *Model) SetSize(w, h int) {
	p.Common.SetSize(w, h)
	p.help.Width = w
	p.filter.Width = max(10, w-4)
}

// SetChain shows where the audit chain's check stands: still running, or
// the sentence saying what is broken ("" when intact).
func (p *Model) SetChain(verifying bool, problem string) { p.verifying, p.banner = verifying, problem }

// Filtering reports whether keys go to the filter input.
func (p Model) Filtering() bool { return p.filtering }

func (p *Model) setIncidents(list []model.IncidentSummary) {
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
func (p Model) Selected() *model.IncidentSummary {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return nil
	}
	s := p.all[p.shown[p.cursor]]
	return &s
}

func (p *Model) apply() {
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

func (p Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case incidentsMsg:
		if model.ErrorCode(msg.err) == model.EUNAVAILABLE {
			p.away = model.ErrorMessage(msg.err)
			return p, nil
		}
		if msg.err != nil {
			return p, common.Send(common.FatalMsg{Err: msg.err})
		}
		p.away = ""
		p.setIncidents(msg.list)
		return p, nil
	case tea.KeyMsg:
		return p.onKey(msg)
	}
	return p, nil
}

func (p Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
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
		p.filter, cmd = p.filter.Update(common.ForText(k))
		p.apply()
		return p, cmd
	}
	if common.IsText(k) {
		return common.EachPress(p, k, Model.onKey)
	}
	keys := p.activeKeys()
	page := max(1, p.Height-4)
	switch {
	case key.Matches(k, keys.Quit):
		p.Ask(common.BackMsg{})
		return p, nil
	case key.Matches(k, keys.Help):
		p.help.ShowAll = !p.help.ShowAll
	case key.Matches(k, keys.Refresh):
		return p, p.Refresh()
	case key.Matches(k, keys.Metrics):
		p.Ask(common.OpenMetricsMsg{})
		return p, nil
	case key.Matches(k, keys.Queue):
		p.Ask(common.OpenQueueMsg{})
		return p, nil
	case key.Matches(k, keys.Train):
		if s := p.Selected(); s != nil {
			p.Ask(common.OpenTrainingMsg{ID: s.ID})
			return p, nil
		}
	case key.Matches(k, keys.ClearFilter):
		p.filter.SetValue("")
		p.apply()
	case key.Matches(k, keys.Up):
		p.move(-1)
	case key.Matches(k, keys.Down):
		p.move(1)
	case key.Matches(k, keys.PageUp):
		p.move(-page)
	case key.Matches(k, keys.PageDown):
		p.move(page)
	case key.Matches(k, keys.Top):
		p.cursor = 0
	case key.Matches(k, keys.Bottom):
		p.move(len(p.shown))
	case key.Matches(k, keys.Filter):
		p.filtering = true
		p.filter.CursorEnd()
		return p, p.filter.Focus()
	case key.Matches(k, keys.Open):
		if s := p.Selected(); s != nil {
			p.Ask(common.OpenIncidentMsg{ID: s.ID})
			return p, nil
		}
	}
	return p, nil
}

func (p *Model) move(d int) { p.cursor = max(0, min(p.cursor+d, len(p.shown)-1)) }

// activeKeys turns off esc when there is no filter to clear.
func (p Model) activeKeys() KeyMap {
	k := p.KeyMap
	k.ClearFilter.SetEnabled(p.filter.Value() != "")
	return k
}

// View draws the list (a title line, the filter line and the rows) above
// the keys.
func (p Model) View() string {
	footer := common.KeyLine(p.help, p.activeKeys(), p.Width)
	if p.help.ShowAll {
		footer = common.FullHelp(p.help, p.activeKeys(), p.Width)
	}
	if p.filtering {
		footer = common.FitLines(p.help.ShortHelpView(DefaultFilterKeyMap().ShortHelp()), p.Width)
	}
	if p.away != "" {
		footer = common.Wrap(p.Styles.Error, p.away, p.Width) + "\n" + footer
	}
	list := p.list(max(1, p.Height-1))
	return lipgloss.JoinVertical(lipgloss.Left, lipgloss.PlaceVertical(p.Height-lipgloss.Height(footer), lipgloss.Top, list), footer)
}

func (p Model) list(height int) string {
	st := p.Styles
	var lines []string
	lines = append(lines, p.ChainBanner(p.banner, p.Width, p.Height)...)
	title := safetext.Text("signoff · pick an incident to review")
	if p.SessionKey != "" {
		title = safetext.LineWidth("signoff · "+p.Who(), p.Width)
	}
	lines = append(lines, common.Paint(st.Header, title))
	count := safetext.Text(common.Count(len(p.all), "incident"))
	if p.verifying {
		count += " · verifying audit chain…"
	}
	if s, ok := p.chosen(); ok && s.ReadsLike != "" {
		count = safetext.LineWidth(string(count+" · "+common.AlikeMark(s.ID, s.ReadsLike)), p.Width)
	}
	if p.filtering || p.filter.Value() != "" {
		lines = append(lines, p.filter.View())
	} else {
		lines = append(lines, common.Paint(st.Muted, count))
	}
	body := max(1, height-len(lines))
	switch {
	case !p.loaded:
		lines = append(lines, common.Paint(st.Muted, "Loading incidents…"))
	case len(p.all) == 0:
		lines = append(lines, "No incidents in this database yet. Import one with: signoff import FILE.json")
	case len(p.shown) == 0:
		lines = append(lines, common.Paint(st.Muted, "No incident matches the filter (esc clears it)."))
	}
	top := max(0, min(p.cursor-body/2, len(p.shown)-body))
	end := min(len(p.shown), top+body)
	progW, pendW := p.countWidths(p.shown[top:end])
	for i := top; i < end; i++ {
		lines = append(lines, p.row(p.all[p.shown[i]], i == p.cursor, progW, pendW))
	}
	return strings.Join(lines, "\n")
}

// chosen is the incident under the cursor, if any.
func (p Model) chosen() (model.IncidentSummary, bool) {
	if p.cursor < 0 || p.cursor >= len(p.shown) {
		return model.IncidentSummary{}, false
	}
	return p.all[p.shown[p.cursor]], true
}

// counts are an incident's review progress and pending count as shown.
func counts(s model.IncidentSummary) (progress, pending safetext.Text) {
	return common.ReviewProgress(s), common.PendingCount(s)
}

// countWidths are the widths of the count columns for the rows on
// screen: the widest value and a blank, so a large incident's numbers
// show whole and apart (the title gives way), and never less than small
// counts need, so those line up as always.
func (p Model) countWidths(rows []int) (progW, pendW int) {
	progW, pendW = 16, 11
	for _, i := range rows {
		progress, pending := counts(p.all[i])
		progW = max(progW, len(progress)+1)
		pendW = max(pendW, len(pending)+1)
	}
	return progW, pendW
}

func (p Model) row(s model.IncidentSummary, selected bool, progW, pendW int) string {
	progress, pending := counts(s)
	titleW := max(8, p.Width-2-14-6-11-progW-pendW)
	id := safetext.LineWidth(s.ID, 13)
	if s.ReadsLike != "" {
		id = "⚠" + safetext.LineWidth(s.ID, 12)
	}
	body := common.Pad(id, 14) + common.Pad(safetext.Line(string(s.Severity)), 6) +
		common.Pad(safetext.Line(string(s.Status)), 11) + common.Pad(safetext.LineWidth(s.Title, titleW-1), titleW) +
		common.Pad(progress, progW) + common.Pad(pending, pendW)
	if selected {
		return common.Fit(p.Styles.RowSelected.Render("▸ "+string(body)), p.Width)
	}
	return common.Fit("  "+string(body), p.Width)
}
