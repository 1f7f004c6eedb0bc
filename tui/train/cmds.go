package train

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// Messages of the training screen. Commands read the store and return one
// of these; they never touch the model.
type (
	startedMsg struct {
		run    model.TrainingRun
		roster model.Roster
		open   bool // the incident is still open or contained
		err    error
	}
	// resumedMsg carries the rows a resumed run has already been through,
	// up to its last choice.
	resumedMsg struct {
		rows []rowMsg
		err  error
	}
	// rowMsg is the next timeline row with its own record. point says
	// whether the trainee chooses here; the real step it was read from
	// stays inside the command.
	rowMsg struct {
		row      model.TimelineRow
		event    *model.Event
		evidence *model.Evidence
		point    bool
		end      bool // no row after now: the incident is over
		err      error
	}
	revealMsg struct {
		choice model.TrainingChoice
		reveal *reveal
		err    error
	}
	scoredMsg struct {
		card     review.Scorecard
		incident model.Incident
		err      error
	}
	// finishedMsg answers the close of a run that reached the end, made
	// at at.
	finishedMsg struct {
		at  time.Time
		err error
	}
	// endedMsg answers the close of an unfinished run made at at.
	endedMsg struct {
		at  time.Time
		err error
	}
)

// cmds runs store calls for the screen. anon, once the run has started,
// hides names in everything read (nil when the trainer did not ask).
type cmds struct {
	ctx    context.Context
	store  model.Store
	policy *review.Policy
	inc    string
	anon   *pseudonyms
}

// start opens the run, judging authority as Options says, or resumes the
// run it names. The answer also goes to answered: the program may have
// ended before it comes (q, then ctrl+c), and whoever ran it may still
// wait for it (Settle), so a run that starts then is closed, not left
// open.
func (c cmds) start(run model.TrainingRun, resume int64, answered chan<- startedMsg) tea.Cmd {
	return func() tea.Msg {
		msg := c.started(run, resume)
		select {
		case answered <- msg:
		default: // a start asked again (Init run twice) finds no one waiting
		}
		return msg
	}
}

// started is the store's answer to the run's start.
func (c cmds) started(run model.TrainingRun, resume int64) startedMsg {
	sum, err := c.store.IncidentSummary(c.ctx, c.inc)
	if err != nil {
		return startedMsg{err: err}
	}
	roster, err := c.store.Roster(c.ctx, c.inc)
	if err != nil {
		return startedMsg{err: err}
	}
	open := sum.Status == model.StatusOpen || sum.Status == model.StatusContained
	if resume != 0 {
		run, err = c.store.ResumeTrainingRun(c.ctx, resume, run.StartedAt)
		return startedMsg{run: run, roster: roster, open: open, err: err}
	}
	if run.Authority == "" {
		for _, p := range roster.People {
			if p.ID == run.Trainee {
				run.Authority = p.Authority
			}
		}
	}
	run, err = c.store.StartTrainingRun(c.ctx, run)
	return startedMsg{run: run, roster: roster, open: open, err: err}
}

// resume reads the rows a resumed run has been through, up to and
// including the suggestion of its latest choice in the timeline's order,
// with the records the replay keeps, a page at a time. The latest choice
// made is not it when a clock went back (a resume on a machine behind):
// choices are listed by the time they were made.
func (c cmds) resume(choices []model.TrainingChoice) tea.Cmd {
	return func() tea.Msg {
		left := map[string]bool{} // the subjects chosen not met yet
		for _, ch := range choices {
			left[ch.Subject] = true
		}
		var out []rowMsg
		var after *model.Cursor
		met := map[string]bool{} // subjects whose step has begun so far
		for {
			rows, err := c.store.TimelineAfter(c.ctx, c.inc, after, 256)
			if err != nil {
				return resumedMsg{err: err}
			}
			for _, r := range rows {
				if r.Subject == r.ID {
					met[r.ID] = true // a suggestion, or a decision of its own
				}
				m := rowMsg{row: c.anon.row(r)}
				ahead := false
				if !met[r.Subject] {
					if ahead, err = c.ahead(r); err != nil {
						return resumedMsg{err: err}
					}
					if ahead {
						m.row = withheld(r)
					}
				}
				if r.Kind == model.KindExecution && !ahead {
					// As next reads it: an execution of a decision recorded
					// later is shown as the record held it then (advance).
					e, err := c.store.Event(c.ctx, c.inc, r.ID)
					if err != nil {
						return resumedMsg{err: err}
					}
					e = c.anon.event(e)
					m.event = &e
				}
				if r.Kind == model.KindEvidence {
					e, err := c.store.Evidence(c.ctx, c.inc, r.ID)
					if err != nil {
						return resumedMsg{err: err}
					}
					e = c.anon.evidence(e)
					m.evidence = &e
				}
				delete(left, r.ID)
				if len(left) == 0 {
					e, err := c.store.Event(c.ctx, c.inc, r.ID)
					if err != nil {
						return resumedMsg{err: err}
					}
					e = c.anon.event(e)
					m.event = &e
					return resumedMsg{rows: append(out, m)}
				}
				out = append(out, m)
			}
			if len(rows) < 256 {
				return resumedMsg{rows: out}
			}
			cur := rows[len(rows)-1].Cursor()
			after = &cur
		}
	}
}

// next reads the one row after the cursor and its record.
func (c cmds) next(after *model.Cursor) tea.Cmd {
	return func() tea.Msg {
		rows, err := c.store.TimelineAfter(c.ctx, c.inc, after, 1)
		if err != nil || len(rows) == 0 {
			return rowMsg{end: err == nil, err: err}
		}
		ahead, err := c.ahead(rows[0])
		if err != nil || ahead {
			return rowMsg{row: withheld(rows[0]), err: err}
		}
		m := rowMsg{row: c.anon.row(rows[0])}
		if m.row.Kind == model.KindEvidence {
			e, err := c.store.Evidence(c.ctx, c.inc, m.row.ID)
			e = c.anon.evidence(e)
			m.evidence, m.err = &e, err
			return m
		}
		e, err := c.store.Event(c.ctx, c.inc, m.row.ID)
		if err != nil {
			return rowMsg{err: err}
		}
		e = c.anon.event(e)
		m.event = &e
		if e.Kind == model.KindSuggestion {
			step, err := c.store.Step(c.ctx, c.inc, e.ID)
			m.point, m.err = err == nil && review.IsDecisionPoint(step), err
		}
		return m
	}
}

// ahead reports whether a row is a decision or execution of a decision
// point whose suggestion comes later in the timeline's order (recorded in
// its second with an id that sorts first, or by a clock behind): the
// trainee has not chosen there yet, so its record waits for the reveal.
func (c cmds) ahead(r model.TimelineRow) (bool, error) {
	if r.Kind != model.KindDecision && r.Kind != model.KindExecution || r.Subject == "" || r.Subject == r.ID {
		return false, nil
	}
	step, err := c.store.Step(c.ctx, c.inc, r.Subject)
	if err != nil || step.Suggestion == nil || !review.IsDecisionPoint(step) {
		return false, err
	}
	s := step.Suggestion
	return s.At.After(r.At) || s.At.Equal(r.At) && s.ID > r.ID, nil
}

// withheld is a row whose record waits for its suggestion's reveal: its
// time and which step it is of, no more. Its kind is kindAhead, and its
// id (kept for the cursor) is not shown: an execution ahead would tell
// that the suggestion was carried out.
func withheld(r model.TimelineRow) model.TimelineRow {
	return model.TimelineRow{Kind: kindAhead, ID: r.ID, At: r.At, Subject: r.Subject,
		Summary: "a record of " + r.Subject + ", still ahead: shown once you have chosen there"}
}

// choose saves the choice, in the record's own terms, and then, only once
// it is saved, loads the reveal, which is judged on what the trainee saw.
// evidence is what the replay had collected at the suggestion.
func (c cmds) choose(run model.TrainingRun, ch model.TrainingChoice, evidence []model.Evidence, roster model.Roster) tea.Cmd {
	return func() tea.Msg {
		step, err := c.store.Step(c.ctx, c.inc, ch.Subject)
		if err != nil {
			return revealMsg{err: err}
		}
		// A reveal shows the step as it was decided; how the incident was
		// later resolved or closed is not the trainee's to see yet.
		step.Lifecycle = nil
		var suggested *model.Action
		if step.Suggestion != nil {
			suggested = step.Suggestion.Action
		}
		real := c.anon.real(ch, suggested)
		if err := c.store.RecordTrainingChoice(c.ctx, run.ID, real); err != nil {
			// A refusal may say the choice saved, in the record's terms.
			return revealMsg{err: c.anon.err(err)}
		}
		return revealMsg{choice: real, reveal: newReveal(c.anon.step(step), ch, evidence, run, roster, c.policy)}
	}
}

// finish closes a run that reached the end; it is scored once closed.
func (c cmds) finish(run int64, at time.Time) tea.Cmd {
	return func() tea.Msg {
		return finishedMsg{at: at, err: c.store.EndTrainingRun(c.ctx, run, at, true)}
	}
}

// score scores a finished run for the scorecard, apart from its close:
// a score the server was away for is asked again, the close is not.
func (c cmds) score(run model.TrainingRun) tea.Cmd {
	return func() tea.Msg {
		inc, err := c.store.IncidentSummary(c.ctx, c.inc)
		if err != nil {
			return scoredMsg{err: err}
		}
		// Scoring walks the incident: loading it whole took gigabytes.
		cards, err := review.ScoreRuns(c.ctx, c.store, c.inc, []model.TrainingRun{run}, c.policy)
		if err != nil {
			return scoredMsg{err: err}
		}
		return scoredMsg{card: c.anon.scorecard(cards[0]), incident: c.anon.incident(inc.Recorded())}
	}
}

// leave closes an unfinished run; the screen quits on endedMsg. The
// answer also goes to answered: the program may have ended before it
// comes (ctrl+c), and whoever ran it may still wait for it (Settle).
func (c cmds) leave(run int64, at time.Time, answered chan<- endedMsg) tea.Cmd {
	return func() tea.Msg {
		msg := endedMsg{at: at, err: c.store.EndTrainingRun(c.ctx, run, at, false)}
		answered <- msg
		return msg
	}
}
