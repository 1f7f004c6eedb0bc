package train

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui"
)

type phase int

const (
	phaseStarting phase = iota
	phaseWatch          // reading the current row
	phaseChoose         // at a decision point, choosing the outcome
	phaseForm           // writing the rationale (and detail)
	phaseSaving         // waiting for the store
	phaseReveal
	phaseScore
	phaseFatal
)

// Model is the training screen.
type Model struct {
	opts     Options
	st       *tui.Styles
	keys     KeyMap
	help     help.Model
	cmds     cmds
	phase    phase
	run      model.TrainingRun
	names    roster
	roster   model.Roster
	replay   replay
	promptAt time.Time
	form     form
	reveal   *reveal
	card     *review.Scorecard
	incident model.Incident
	choices  int
	vp       viewport.Model
	status   string // a recoverable error, shown until the next key
	fatal    error
	err      error // why the run could not be closed
	width    int
	height   int
}

// New builds the training screen; run it with tea.NewProgram(m, tea.WithAltScreen()).
func New(opts Options) *Model {
	if opts.Policy == nil {
		opts.Policy = review.DefaultPolicy()
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	noColor := opts.NoColor || os.Getenv("NO_COLOR") != ""
	if opts.Renderer == nil {
		opts.Renderer = tui.NewRenderer(nil, noColor)
	} else if noColor {
		opts.Renderer.SetColorProfile(termenv.Ascii)
	}
	st := tui.NewStyles(opts.Renderer)
	h := help.New()
	h.Styles = st.Help
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{} // the screen's own keys scroll it
	m := &Model{opts: opts, st: &st, keys: DefaultKeyMap(), help: h, vp: vp, replay: newReplay(),
		cmds: cmds{ctx: opts.Context, store: opts.Store, policy: opts.Policy, inc: opts.Incident}}
	m.setPhase(phaseStarting)
	return m
}

// Run is the training run as saved so far (ID 0 until it starts).
func (m *Model) Run() model.TrainingRun { return m.run }

// Err is why the screen stopped, if it could not start or save the run.
func (m *Model) Err() error {
	if m.fatal != nil {
		return m.fatal
	}
	return m.err
}

func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.SetWindowTitle("signoff training"), m.cmds.start(model.TrainingRun{
		Trainee: m.opts.Trainee, Incident: m.opts.Incident, Authority: m.opts.Authority,
		Hindsight: !m.opts.NoHindsight, StartedAt: m.opts.Clock(),
	}))
}

func (m *Model) setPhase(p phase) {
	m.phase = p
	m.keys.forPhase(p)
	m.layout()
	m.vp.SetContent(m.content())
	m.vp.GotoTop()
}

func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		off := m.vp.YOffset
		m.layout()
		m.vp.SetContent(m.content())
		m.vp.SetYOffset(off)
		return m, nil
	case startedMsg:
		if msg.err != nil {
			m.fatal = msg.err
			m.setPhase(phaseFatal)
			return m, nil
		}
		m.run, m.roster, m.names = msg.run, msg.roster, newRoster(msg.roster)
		return m, m.cmds.next(nil)
	case rowMsg:
		return m.onRow(msg)
	case revealMsg:
		if msg.err != nil {
			m.status = model.ErrorMessage(msg.err)
			m.phase = phaseForm
			m.keys.forPhase(phaseForm)
			return m, nil
		}
		m.reveal = msg.reveal
		m.choices++
		m.run.Choices = append(m.run.Choices, msg.choice)
		m.setPhase(phaseReveal)
		return m, nil
	case scoredMsg:
		if msg.err != nil {
			m.fatal = msg.err
			m.setPhase(phaseFatal)
			return m, nil
		}
		m.card, m.incident = &msg.card, msg.incident
		m.run = msg.card.Run
		m.setPhase(phaseScore)
		return m, nil
	case endedMsg:
		m.err = msg.err
		return m, tea.Quit
	case tea.KeyMsg:
		return m.onKey(msg)
	}
	return m, nil
}

func (m *Model) onRow(msg rowMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.err != nil:
		m.fatal = msg.err
		m.setPhase(phaseFatal)
		return m, nil
	case msg.end:
		m.setPhase(phaseSaving)
		return m, m.cmds.finish(m.run, m.opts.Clock())
	}
	m.replay.advance(msg.row, msg.event, msg.evidence)
	if msg.point {
		m.promptAt = m.opts.Clock()
		m.setPhase(phaseChoose)
		return m, nil
	}
	m.setPhase(phaseWatch)
	return m, nil
}

func (m *Model) onKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	m.status = ""
	if key.Matches(k, m.keys.ForceQuit) || key.Matches(k, m.keys.Quit) {
		return m, m.leave()
	}
	if key.Matches(k, m.keys.Help) {
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	}
	switch m.phase {
	case phaseForm:
		return m.onFormKey(k)
	case phaseChoose:
		for o, b := range map[model.Outcome]key.Binding{model.OutcomeApproved: m.keys.Approve,
			model.OutcomeModified: m.keys.Modify, model.OutcomeRejected: m.keys.Reject, model.OutcomeDeferred: m.keys.Defer} {
			if key.Matches(k, b) && m.replay.event != nil && m.replay.event.Action != nil {
				m.form = newForm(m.st, o, *m.replay.event.Action, m.width)
				m.phase = phaseForm
				m.keys.forPhase(phaseForm)
				m.layout()
				return m, nil
			}
		}
	case phaseWatch, phaseReveal:
		if key.Matches(k, m.keys.Next) {
			m.reveal = nil
			m.setPhase(phaseSaving)
			return m, m.cmds.next(m.replay.cursor())
		}
	}
	m.scroll(k)
	return m, nil
}

func (m *Model) scroll(k tea.KeyMsg) {
	switch {
	case key.Matches(k, m.keys.Up):
		m.vp.ScrollUp(1)
	case key.Matches(k, m.keys.Down):
		m.vp.ScrollDown(1)
	case key.Matches(k, m.keys.PageUp):
		m.vp.PageUp()
	case key.Matches(k, m.keys.PageDown):
		m.vp.PageDown()
	}
}

func (m *Model) onFormKey(k tea.KeyMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.keys.Cancel):
		m.phase = phaseChoose
		m.keys.forPhase(phaseChoose)
		m.layout()
		return m, nil
	case key.Matches(k, m.keys.Field):
		m.form.toggle()
		return m, nil
	case key.Matches(k, m.keys.Submit):
		return m.submit()
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.update(k)
	return m, cmd
}

// submit saves the choice; the reveal loads only once it is stored.
func (m *Model) submit() (tea.Model, tea.Cmd) {
	rationale := strings.TrimSpace(m.form.rationale.Value())
	if rationale == "" {
		m.status = "Write a short rationale before the reveal: why this call?"
		return m, nil
	}
	if m.form.outcome == model.OutcomeModified && strings.TrimSpace(m.form.detail.Value()) == "" {
		m.status = "Write the action detail you would run instead, or choose approve."
		return m, nil
	}
	now := m.opts.Clock()
	c := model.TrainingChoice{Subject: m.replay.event.ID, Outcome: m.form.outcome, Action: m.form.action(),
		Rationale: rationale, At: now, Took: max(0, now.Sub(m.promptAt))}
	m.phase = phaseSaving
	m.keys.forPhase(phaseSaving)
	target := ""
	if c.Action != nil {
		target = c.Action.Target
	}
	return m, m.cmds.choose(m.run, c, m.replay.forAsset(target), m.roster)
}

// leave closes an open run as unfinished; a finished or never-started run
// just quits.
func (m *Model) leave() tea.Cmd {
	if m.run.ID == 0 || m.phase == phaseScore || m.run.Finished {
		return tea.Quit
	}
	return m.cmds.leave(m.run.ID, m.opts.Clock())
}
