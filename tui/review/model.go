package review

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/statusform"
)

// Model is the review screen of one incident: header, timeline, step
// pane, and the review form, evidence view and prompts (search, filter, a
// time to go to) that open over them.
type Model struct {
	common.Common
	common.Asking
	KeyMap   KeyMap
	cmds     storeCmds
	incident string
	summary  model.IncidentSummary
	roster   model.Roster
	index    rosterIndex
	opened   bool // the roster has arrived: the incident exists
	// away says the roster could not be read, the server being away (a
	// restart): the next refresh, once it answers, opens the incident.
	away bool
	// isPerson says the acting person is a person of the incident, who
	// may record verdicts; known once the roster has arrived.
	isPerson bool
	banner   string // chain verification problem, shown in red
	// verifying says the audit chain is still being checked.
	verifying bool
	// focus is the row to select first ("" is the first row).
	focus string
	// first says nothing is behind the screen: q quits, and esc, which
	// never quits, only clears.
	first bool

	timeline Timeline
	pane     StepPane
	form     *Form
	viewer   *Viewer
	// statusForm changes the incident's status (status.go).
	statusForm *statusform.Model
	help       help.Model

	prompt textinput.Model
	asking prompt // which prompt takes the keys, if any
	query  string // the last search
	// stop is where the last search step stopped without a match, for n
	// or N to go on from.
	stop   *searchStop
	filter viewFilter
	// count says where the selected match stands among all matches.
	count *countMsg

	counted     bool   // the header's summary has arrived
	status      string // a sentence for the footer until the next key
	statusError bool
	flagsAsked  map[string]bool
	flagsBusy   bool // one findings request at a time, so work never piles up
	paneShown   bool // narrow layout: the step pane replaces the timeline
	// ready says the current window's first rows have arrived (or failed
	// to); until then keys are held (held.go).
	ready bool
	held  []tea.KeyMsg
}

// prompt is the one-line input open in the footer.
type prompt int

const (
	askNone prompt = iota
	askSearch
	askFilter
	askJump
)

// New builds the review screen of an incident; Init loads its roster (a
// missing incident is the full-screen error), then the first window,
// around focus when that names a row. step opens on the step pane, for a
// reader who asked for a step (the dashboard's enter).
func New(c common.Common, incident, focus string, step bool) Model {
	ti := textinput.New()
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CharLimit = 200
	ti.PlaceholderStyle = c.Styles.Muted
	s := Model{Common: c, KeyMap: DefaultKeyMap(c.Keys), cmds: storeCmds{ctx: c.Ctx, store: c.Store, policy: c.Policy, sign: c.Sign, clock: c.Clock},
		incident: incident, summary: model.IncidentSummary{Incident: model.Incident{ID: incident}},
		focus: focus, timeline: NewTimeline(c.Styles), pane: NewStepPane(c.Styles, c.Policy), help: c.NewHelp(),
		prompt: ti, flagsAsked: map[string]bool{}}
	if step {
		s.focusPane()
	}
	return s
}

// SetFirst says whether the screen is the first one, with nothing to go
// back to: its q then says it quits. The router sets it.
func (s *Model) SetFirst(first bool) { s.first = first }

// Incident is the id of the incident on show.
func (s Model) Incident() string { return s.incident }

func (s Model) Init() tea.Cmd { return s.cmds.open(s.incident) }

// reader reads the timeline under the screen's filter.
func (s Model) reader() reader {
	return s.cmds.reader(s.incident, s.filter, s.roster, s.timeline.Flags())
}

// onOpened takes the roster and loads the first window and the header's
// counts.
func (s Model) onOpened(msg openedMsg) (Model, tea.Cmd) {
	if model.ErrorCode(msg.err) == model.EUNAVAILABLE {
		s.away = true
		s.setStatus(model.ErrorMessage(msg.err), true)
		return s, nil
	}
	if msg.err != nil {
		return s, common.Send(common.FatalMsg{Err: msg.err})
	}
	s.roster, s.index, s.opened = msg.roster, newRosterIndex(msg.roster), true
	_, s.isPerson = s.index.People[s.Person]
	s.pane.SetRoster(s.index)
	s.layout()
	gen := s.timeline.NewWindow()
	load := s.reader().first(gen)
	if s.focus != "" {
		load = s.cmds.at(s.reader(), gen, s.incident, s.focus)
	}
	return s, tea.Batch(load, s.cmds.summary(s.incident))
}

// SetChain shows where the audit chain's verification stands: still
// running, or the sentence saying what is broken ("" when intact).
func (s *Model) SetChain(verifying bool, problem string) {
	s.verifying, s.banner = verifying, problem
	s.layout()
}

// Unsaved names a verdict being written ("verdict for S3"), "" when there
// is none: leaving must ask first.
func (s Model) Unsaved() string {
	if s.statusForm != nil {
		return "status change of " + s.incident
	}
	if s.form == nil {
		return ""
	}
	return "verdict for " + s.form.Subject()
}

// Discard drops the verdict or status change being written: the person
// chose to leave the screen without it, so coming back shows no form.
func (s Model) Discard() Model {
	s.form, s.statusForm = nil, nil
	s.layout()
	return s
}

// Refresh reloads the header and the window around the selected row, so
// verdicts recorded elsewhere show up; an incident that could not be
// opened while the server was away is opened.
func (s *Model) Refresh() tea.Cmd {
	if !s.opened {
		if s.away {
			s.away = false
			return s.cmds.open(s.incident)
		}
		return nil
	}
	s.timeline.ResetFlags()
	s.flagsAsked = map[string]bool{}
	gen := s.timeline.NewWindow()
	cmds := []tea.Cmd{s.cmds.summary(s.incident)}
	if r := s.timeline.Selected(); r != nil {
		cmds = append(cmds, s.reader().around(gen, r.Cursor()))
	} else {
		cmds = append(cmds, s.reader().first(gen))
	}
	return tea.Batch(cmds...)
}

// setStatus shows a sentence in the footer until the next key; the
// footer wraps it, so the layout follows.
func (s *Model) setStatus(text string, isErr bool) {
	s.status, s.statusError = text, isErr
	s.layout()
}

// fail turns a store error into the footer sentence, or the full-screen
// error when the store itself is failing.
func (s *Model) fail(err error) tea.Cmd {
	if model.ErrorCode(err) == model.EINTERNAL {
		return common.Send(common.FatalMsg{Err: err})
	}
	s.setStatus(model.ErrorMessage(err), true)
	return nil
}

func (s Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case openedMsg:
		return s.onOpened(msg)
	case windowMsg:
		return s.onWindow(msg)
	case detailMsg:
		if msg.err != nil {
			return s, s.fail(msg.err)
		}
		if r := s.timeline.Selected(); r != nil && r.ID == msg.rowID {
			s.pane.SetDetail(msg)
			if msg.step != nil {
				s.timeline.SetFlags(map[string]int{msg.step.Subject: len(msg.findings)})
			}
		}
		return s, nil
	case flagsMsg:
		s.flagsBusy = false
		if msg.err != nil {
			return s, s.fail(msg.err)
		}
		s.timeline.SetFlags(msg.counts)
		return s, s.askFlags()
	case summaryMsg:
		if msg.err != nil {
			return s, s.fail(msg.err)
		}
		s.summary, s.counted = msg.summary, true
		if f := s.statusForm; f != nil {
			// Read after another process wrote: the form counts what is
			// pending now.
			f.Recount(msg.summary.Pending, msg.summary.PendingGateEnded)
		}
		s.timeline.SetDays(spansDays(msg.summary, s.Now()))
		s.layout()
		return s, nil
	case jumpMsg:
		return s.onJump(msg)
	case countMsg:
		if msg.err != nil {
			return s, s.fail(msg.err)
		}
		if msg.query == s.query {
			s.count = &msg
		}
		return s, nil
	case savedMsg:
		return s.onSaved(msg)
	case formSubmitMsg:
		if s.form != nil {
			s.form.Saving()
			return s, s.cmds.save(s.incident, s.form.Review(s.Person))
		}
		return s, nil
	case formCancelMsg:
		s.form = nil
		s.setStatus("Verdict discarded; nothing was saved.", false)
		return s, nil
	case viewerCloseMsg:
		s.viewer = nil
		s.layout()
		return s, nil
	case statusform.HistoryMsg, statusform.CountedMsg, statusform.SubmitMsg, statusform.CancelMsg, statusform.SavedMsg:
		return s.onStatusForm(msg)
	case tea.KeyMsg:
		if s.status != "" {
			s.status = ""
			s.layout()
		}
		if s.early() {
			return s.holdKey(msg)
		}
		return s.onKey(msg)
	}
	return s, nil
}

func (s Model) onWindow(msg windowMsg) (Model, tea.Cmd) {
	if s.early() && msg.gen == s.timeline.gen {
		// The first rows (or why they are not): the keys typed before
		// them act now, on what is shown. A stale load's answer, even
		// an error, ends nothing: the newer load's is still to come.
		s.ready = true
		s, cmd := s.onWindow(msg)
		s, held := s.takeHeld()
		return s, tea.Batch(cmd, held)
	}
	if msg.gen != s.timeline.gen {
		return s, nil // a page of a window no longer on show
	}
	if msg.err != nil {
		s.timeline.loadingAfter, s.timeline.loadingBefore = false, false
		return s, s.fail(msg.err)
	}
	changed := s.timeline.Apply(msg)
	if msg.note != "" {
		s.setStatus(s.status+msg.note, false)
	}
	if s.filter.Findings && s.timeline.Empty() && !s.timeline.atEnd {
		// Nothing with findings yet in the rows read: read on.
		s.timeline.loadingAfter = true
		return s, s.reader().after(s.timeline.gen, s.timeline.Last())
	}
	cmds := []tea.Cmd{s.prefetch(), s.askFlags()}
	if changed || msg.mode == windowReplace {
		cmds = append(cmds, s.loadDetail(msg.refresh))
	}
	return s, tea.Batch(cmds...)
}

// onJump goes to the row a search or ] found: in the window when it is
// there, else a new window around it.
func (s Model) onJump(msg jumpMsg) (Model, tea.Cmd) {
	s.stop = msg.stopped
	switch {
	case msg.err != nil:
		return s, s.fail(msg.err)
	case msg.row == nil:
		s.setStatus(msg.none, false)
		return s, nil
	case msg.none != "":
		// Found, and how: "Search wrapped to the top."
		s.setStatus(msg.none, false)
	}
	count := s.countMatch(*msg.row)
	for i, r := range s.timeline.rows {
		if r.ID == msg.row.ID {
			s.timeline.Move(i - s.timeline.cursor)
			return s, tea.Batch(s.afterMove(), count)
		}
	}
	return s, tea.Batch(s.reader().around(s.timeline.NewWindow(), msg.row.Cursor()), count)
}

// countMatch asks where row stands among the search's matches, when it is
// one.
func (s *Model) countMatch(row model.TimelineRow) tea.Cmd {
	if s.query == "" || !s.timeline.matches(row) {
		return nil
	}
	return s.reader().count(s.query, row)
}

func (s Model) onSaved(msg savedMsg) (Model, tea.Cmd) {
	if s.form == nil {
		return s, nil
	}
	if msg.err != nil {
		s.form.Refused(model.ErrorMessage(msg.err))
		s.setStatus("Not saved: "+model.ErrorMessage(msg.err), true)
		return s, nil
	}
	s.form = nil
	r := msg.review
	s.setStatus("Saved: "+string(verdictWord(r.Verdict))+" for "+r.Subject+" as "+r.Reviewer+".", false)
	from := s.timeline.Selected()
	if from == nil {
		return s, s.Refresh()
	}
	s.timeline.ResetFlags()
	s.flagsAsked = map[string]bool{}
	return s, tea.Batch(s.cmds.summary(s.incident), s.reader().advance(s.timeline.NewWindow(), from.Cursor()))
}

// afterMove fetches what the new selection needs.
func (s *Model) afterMove() tea.Cmd {
	return tea.Batch(s.loadDetail(false), s.prefetch(), s.askFlags())
}

// loadDetail asks for the selected row's detail; force reloads the row
// already shown (after a refresh) without blanking it meanwhile.
func (s *Model) loadDetail(force bool) tea.Cmd {
	r := s.timeline.Selected()
	if r == nil {
		s.pane.Clear()
		return nil
	}
	if d := s.pane.Detail(); d != nil && d.rowID == r.ID {
		if !force {
			return nil
		}
	} else {
		s.pane.Clear()
	}
	return s.cmds.detail(s.incident, *r, s.roster)
}

// prefetch asks for the next page before the selection reaches an edge.
func (s *Model) prefetch() tea.Cmd {
	if s.timeline.Empty() {
		return nil
	}
	var cmds []tea.Cmd
	if s.timeline.NeedAfter() {
		s.timeline.loadingAfter = true
		cmds = append(cmds, s.reader().after(s.timeline.gen, s.timeline.Last()))
	}
	if s.timeline.NeedBefore() {
		s.timeline.loadingBefore = true
		cmds = append(cmds, s.reader().before(s.timeline.gen, s.timeline.First()))
	}
	return tea.Batch(cmds...)
}

// askFlags asks for the findings of the steps on screen not yet known, a
// few at a time and one request at a time: a step can be costly to load,
// and the rows on screen change faster than their findings arrive.
func (s *Model) askFlags() tea.Cmd {
	if s.flagsBusy {
		return nil
	}
	var subjects []string
	for _, r := range s.timeline.Visible() {
		if _, known := s.timeline.Flagged(r.Subject); r.Subject != "" && !known && !s.flagsAsked[r.Subject] {
			s.flagsAsked[r.Subject] = true
			subjects = append(subjects, r.Subject)
			if len(subjects) == 4 {
				break
			}
		}
	}
	if len(subjects) == 0 {
		return nil
	}
	s.flagsBusy = true
	return s.cmds.flags(s.incident, subjects, s.roster)
}

// openViewer shows the whole record behind the selected row.
func (s *Model) openViewer() {
	d := s.pane.Detail()
	if d == nil {
		return
	}
	v := NewViewer(s.Styles, s.Common.Keys, s.Policy)
	s.viewer = &v
	s.layout()
	s.viewer.Open(d, s.index)
}

// InText reports whether keys are being typed into a text field, where q
// and ? are letters, not commands.
func (s Model) InText() bool {
	return s.asking != askNone || s.form != nil && s.form.InNote() || s.statusForm != nil && s.statusForm.InText()
}

// Selected is the timeline row selected, or nil.
func (s Model) Selected() *model.TimelineRow { return s.timeline.Selected() }

// ShownStep is the step the pane shows, or nil when it shows none.
func (s Model) ShownStep() *model.Step {
	if d := s.pane.Detail(); d != nil {
		return d.step
	}
	return nil
}

// PaneFocused reports whether keys go to the step pane.
func (s Model) PaneFocused() bool { return s.pane.Focused() }

// spansDays reports whether the incident ran over more than one day (UTC),
// from its opening to how it ended: the status change in force when one
// was recorded (a reopened incident runs on until now, whatever closed_at
// it was imported with), else the closed_at of its record. An incident
// closed without a closing time leaves it to the rows on screen.
func spansDays(sum model.IncidentSummary, now time.Time) bool {
	end := sum.ClosedAt
	if sum.StatusSince != nil {
		end = nil
		if sum.Status.Closes() {
			end = sum.StatusSince
		}
	}
	if end == nil {
		if !sum.Status.Live() {
			return false
		}
		end = &now
	}
	return sum.OpenedAt.UTC().Format("2006-01-02") != end.UTC().Format("2006-01-02")
}
