package train

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
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
)

// Model is the training screen.
type Model struct {
	common.Common
	common.Asking
	opts     Options
	KeyMap   KeyMap
	help     help.Model
	cmds     cmds
	phase    phase
	run      model.TrainingRun
	names    roster
	roster   model.Roster
	replay   replay
	promptAt time.Time
	form     form
	// sent is the choice last sent to be saved, until it is: one sent
	// again unchanged (its answer lost: the server away) is the same
	// choice, made when it was first sent.
	sent     *model.TrainingChoice
	reveal   *reveal
	card     *review.Scorecard
	incident model.Incident
	choices  int
	vp       viewport.Model
	status   string // a recoverable error, shown until the next key
	note     string // a sentence for the footer until the next key
	err      error  // why the run could not be closed
	// started receives the answer of the run's start (cmds.start), for
	// Settle: left before it came, the run is closed once it does.
	started chan startedMsg
	// closed receives the answer of the run's close (cmds.leave), for
	// Settle; nil until the close is asked for.
	closed chan endedMsg
	// leaving says the run is being closed, and the screen goes back when
	// the store answers.
	leaving bool
	// gone says the screen has asked to go back: a late answer of the
	// store must not ask again.
	gone bool
	// open says the incident is still open or contained: its record may
	// still change under the replay.
	open bool
	// away is the request that found the server away, asked again once it
	// is back (Refresh); awayText says why, in the footer until then.
	away     asked
	awayText string
}

// New builds the training screen for the acting person (the trainee).
func New(c common.Common, o Options) Model {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{} // the screen's own keys scroll it
	m := Model{Common: c, opts: o, KeyMap: DefaultKeyMap(c.Keys), help: c.NewHelp(), vp: vp, replay: newReplay(),
		cmds: cmds{ctx: c.Ctx, store: c.Store, policy: c.Policy, inc: o.Incident}, started: make(chan startedMsg, 1)}
	m.setPhase(phaseStarting)
	return m
}

// Run is the training run as saved so far (ID 0 until it starts). A run
// left unfinished has its EndedAt once its close has landed.
func (m Model) Run() model.TrainingRun { return m.run }

// Settle waits, until ctx is done, for the answer to a close still on its
// way when the screen went back without it (ctrl+c), or to a start (q,
// then ctrl+c, before the run's start was answered: a run that starts
// then is closed at once, or it would stay open); Run, Err and
// StartUnanswered then say what landed. Call it once the program has
// ended.
func (m *Model) Settle(ctx context.Context) {
	if m.StartUnanswered() {
		select {
		case msg := <-m.started:
			if m.err = msg.err; msg.err != nil {
				return
			}
			m.run = msg.run
			go m.close()()
		case <-ctx.Done():
			return
		}
	}
	if m.closed == nil || m.run.EndedAt != nil || m.err != nil {
		return
	}
	select {
	case msg := <-m.closed:
		m.ended(msg)
	case <-ctx.Done():
	}
}

// ended takes the answer of the run's close.
func (m *Model) ended(msg endedMsg) {
	m.err = msg.err
	if msg.err == nil {
		m.run.EndedAt = &msg.at
	}
}

// close asks the store to close the run as unfinished.
func (m *Model) close() tea.Cmd {
	m.closed = make(chan endedMsg, 1)
	return m.cmds.leave(m.run.ID, m.Now(), m.closed)
}

// Err is why the run could not be closed (or, left before it started,
// could not be started), if it could not.
func (m Model) Err() error { return m.err }

// StartUnanswered reports whether the screen was left before the store
// answered the run's start, and nothing has answered it since: a run may
// yet have started, and been left open.
func (m Model) StartUnanswered() bool { return m.leaving && m.run.ID == 0 && m.err == nil }

// InText reports whether keys are being typed into the form.
func (m Model) InText() bool { return m.phase == phaseForm }

func (m Model) Init() tea.Cmd {
	return m.cmds.start(model.TrainingRun{
		Trainee: m.Person, Incident: m.opts.Incident, Authority: m.opts.Authority,
		Hindsight: !m.opts.NoHindsight, Anonymized: m.opts.Anonymize, StartedAt: m.Now(),
	}, m.opts.Resume, m.started)
}

// SetSize sets the size the screen fills, keeping the pane's scroll.
func (m *Model) SetSize(w, h int) {
	m.Common.SetSize(w, h)
	m.help.Width = w
	off := m.vp.YOffset
	m.layout()
	m.vp.SetContent(m.content())
	m.vp.SetYOffset(off)
}

func (m *Model) setPhase(p phase) {
	m.phase = p
	m.KeyMap.forPhase(p)
	m.layout()
	m.vp.SetContent(m.content())
	m.vp.GotoTop()
}

func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case startedMsg:
		if isAway(msg.err) && m.leaving {
			// Left while the start was on its way: nothing started.
			m.leaving, m.gone = false, true
			return m, common.Send(common.BackMsg{})
		}
		if cmd, failed := m.failed(askedStart, msg.err); failed {
			return m, cmd
		}
		if m.leaving {
			// Left before the store answered the start.
			m.run = msg.run
			return m, m.close()
		}
		// The run as kept says what it hides: a resume goes on as the
		// run was started, whatever it was asked with.
		m.opts.Anonymize, m.opts.NoHindsight = msg.run.Anonymized, !msg.run.Hindsight
		if m.opts.Anonymize {
			m.cmds.anon = newPseudonyms(m.opts.Incident, msg.roster)
		}
		roster := m.cmds.anon.roster(msg.roster)
		m.run, m.roster, m.names, m.open = msg.run, roster, newRoster(roster), msg.open
		m.layout()
		if len(msg.run.Choices) > 0 {
			return m, m.cmds.resume(msg.run.Choices)
		}
		if msg.run.Resumes != 0 {
			// Left before its first choice: nothing to replay up to.
			m.note = fmt.Sprintf("Resumed run %d as run %d: no choices yet; the replay starts at the beginning.", msg.run.Resumes, msg.run.ID)
		}
		return m, m.cmds.next(nil)
	case resumedMsg:
		if cmd, failed := m.failed(askedReplay, msg.err); failed {
			return m, cmd
		}
		for _, r := range msg.rows {
			m.replay.advance(r.row, r.event, r.evidence)
		}
		m.choices = len(m.run.Choices)
		after := "the start"
		if now := m.replay.now(); now != nil {
			after = now.ID
		}
		m.note = fmt.Sprintf("Resumed as run %d: your %s kept; the replay goes on after %s.", m.run.ID,
			common.Count(m.choices, "choice")+map[bool]string{true: " is", false: " are"}[m.choices == 1], after)
		m.setPhase(phaseWatch)
		return m, nil
	case rowMsg:
		return m.onRow(msg)
	case revealMsg:
		if msg.err != nil {
			m.status = model.ErrorMessage(msg.err)
			m.phase = phaseForm
			m.KeyMap.forPhase(phaseForm)
			return m, nil
		}
		m.reveal, m.sent = msg.reveal, nil
		m.choices++
		m.run.Choices = append(m.run.Choices, msg.choice)
		m.setPhase(phaseReveal)
		return m, nil
	case finishedMsg:
		if cmd, failed := m.failed(askedFinish, msg.err); failed {
			return m, cmd
		}
		end := msg.at
		m.run.EndedAt, m.run.Finished = &end, true
		return m, m.cmds.score(m.run)
	case scoredMsg:
		if cmd, failed := m.failed(askedScore, msg.err); failed {
			return m, cmd
		}
		m.card, m.incident = &msg.card, msg.incident
		m.run = msg.card.Run
		m.setPhase(phaseScore)
		return m, nil
	case endedMsg:
		if isAway(msg.err) && !m.gone {
			// q with the server away: the run would stay open behind the
			// trainee. It is closed once the server is back, still
			// leaving (keys wait for the screen gone back to).
			m.wait(askedClose, msg.err)
			return m, nil
		}
		m.ended(msg)
		if m.gone {
			return m, nil // already gone back (ctrl+c): nobody waits
		}
		return m, common.Send(common.BackMsg{})
	case tea.KeyMsg:
		return m.onKey(msg)
	}
	return m, nil
}

func (m Model) onRow(msg rowMsg) (Model, tea.Cmd) {
	switch {
	case isAway(msg.err):
		// The server is away (a restart): the replay stays where it was,
		// and reads the event again once it is back.
		m.setPhase(phaseWatch)
		m.wait(askedRow, msg.err)
		return m, nil
	case msg.err != nil:
		return m, common.Send(common.FatalMsg{Err: msg.err})
	case msg.end:
		m.setPhase(phaseSaving)
		return m, m.cmds.finish(m.run.ID, m.Now())
	}
	m.replay.advance(msg.row, msg.event, msg.evidence)
	if msg.point {
		m.promptAt = m.Now()
		m.setPhase(phaseChoose)
		return m, nil
	}
	m.setPhase(phaseWatch)
	return m, nil
}

func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	m.status, m.note = "", ""
	if m.phase == phaseForm && common.IsText(k) {
		// Typed or pasted text is the rationale's (or the detail's), word
		// for word.
		var cmd tea.Cmd
		m.form, cmd = m.form.update(common.ForText(k))
		return m, cmd
	}
	if common.IsText(k) {
		if k.Paste {
			m.status = common.PasteIgnored
			return m, nil
		}
		return common.EachPress(m, k, Model.onKey)
	}
	if key.Matches(k, m.KeyMap.ForceQuit) || key.Matches(k, m.KeyMap.Quit) {
		cmd := m.leave(key.Matches(k, m.KeyMap.ForceQuit)) // before m is returned: it may ask to go back
		return m, cmd
	}
	if key.Matches(k, m.KeyMap.Help) {
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
		return m, nil
	}
	if m.away != askedNothing && key.Matches(k, m.KeyMap.Next) {
		cmd := m.Refresh()
		return m, cmd
	}
	switch m.phase {
	case phaseForm:
		return m.onFormKey(k)
	case phaseChoose:
		for o, b := range map[model.Outcome]key.Binding{model.OutcomeApproved: m.KeyMap.Approve,
			model.OutcomeModified: m.KeyMap.Modify, model.OutcomeRejected: m.KeyMap.Reject, model.OutcomeDeferred: m.KeyMap.Defer} {
			if key.Matches(k, b) && m.replay.event != nil && m.replay.event.Action != nil {
				m.form = newForm(m.Styles, o, *m.replay.event.Action, m.Width)
				m.phase = phaseForm
				m.KeyMap.forPhase(phaseForm)
				m.layout()
				return m, nil
			}
		}
	case phaseWatch, phaseReveal:
		if key.Matches(k, m.KeyMap.Next) {
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
	case key.Matches(k, m.KeyMap.Up):
		m.vp.ScrollUp(1)
	case key.Matches(k, m.KeyMap.Down):
		m.vp.ScrollDown(1)
	case key.Matches(k, m.KeyMap.PageUp):
		m.vp.PageUp()
	case key.Matches(k, m.KeyMap.PageDown):
		m.vp.PageDown()
	case key.Matches(k, m.KeyMap.Top):
		m.vp.GotoTop()
	case key.Matches(k, m.KeyMap.Bottom):
		m.vp.GotoBottom()
	}
}

func (m Model) onFormKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.KeyMap.Cancel):
		m.phase = phaseChoose
		m.KeyMap.forPhase(phaseChoose)
		m.layout()
		return m, nil
	case key.Matches(k, m.KeyMap.Field):
		m.form.toggle()
		return m, nil
	case key.Matches(k, m.KeyMap.Submit):
		return m.submit()
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.update(k)
	return m, cmd
}

// submit saves the choice; the reveal loads only once it is stored.
func (m Model) submit() (Model, tea.Cmd) {
	rationale := strings.TrimSpace(m.form.rationale.Value())
	if rationale == "" {
		m.status = "Write a short rationale before the reveal: why this call?"
		return m, nil
	}
	if m.form.outcome == model.OutcomeModified && strings.TrimSpace(m.form.detail.Value()) == "" {
		m.status = "Write the action detail you would run instead, or choose approve."
		return m, nil
	}
	if a := m.form.action(); m.form.outcome == model.OutcomeModified && model.SameAction(a, &m.form.suggested) {
		// Saved as "modified", it would score and read as a change of
		// the AI's action that was never made; the queue refuses it too.
		m.status = "That is the AI's own action: change the detail, or esc and choose approve."
		return m, nil
	}
	now := m.Now()
	c := model.TrainingChoice{Subject: m.replay.event.ID, Outcome: m.form.outcome, Action: m.form.action(),
		Rationale: rationale, At: now, Took: max(0, now.Sub(m.promptAt))}
	if s := m.sent; s != nil && s.Subject == c.Subject && s.Outcome == c.Outcome && s.Rationale == c.Rationale && model.SameAction(s.Action, c.Action) {
		c.At, c.Took = s.At, s.Took
	}
	m.sent = &c
	m.phase = phaseSaving
	m.KeyMap.forPhase(phaseSaving)
	target := ""
	if c.Action != nil {
		target = c.Action.Target
	}
	return m, m.cmds.choose(m.run, c, m.replay.forAsset(target), m.roster)
}

// leave closes an open run as unfinished; a finished or never-started run
// just goes back. With force (ctrl+c) it goes back at once, whether the
// run's start or close is on its way or only now asked for: a store that
// hangs must not hold the person; the close goes on without them.
func (m *Model) leave(force bool) tea.Cmd {
	if m.gone {
		return nil
	}
	var cmd tea.Cmd
	switch {
	case m.leaving:
		// Already being closed: a second close would fail, and its answer
		// would go back a second time.
	case m.run.ID == 0 && m.phase == phaseStarting && m.away != askedStart:
		// The run's start is on its way: it is closed when it comes
		// (startedMsg), or it would stay open for good.
		m.leaving = true
	case m.run.ID == 0 || m.phase == phaseScore || m.run.Finished:
		force = true // nothing to close: back at once
	default:
		m.leaving = true
		cmd = m.close()
	}
	if force {
		// ctrl+c waits for no start or close: it lands behind the person,
		// and whoever ran the screen may wait for it (Settle).
		m.gone = true
		m.Ask(common.BackMsg{})
	}
	return cmd
}

// Leaving reports whether the screen is closing its run to go back: the
// keys typed meanwhile are meant for the screen it goes back to.
func (m Model) Leaving() bool { return m.leaving && !m.gone }
