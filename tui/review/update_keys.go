package review

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
)

// onKey routes a key to whatever is open: the evidence view, the form,
// a prompt, the focused step pane, else the timeline. Outside a text
// field, characters read at once are one press each.
func (s Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case s.statusForm != nil:
		f, cmd := s.statusForm.Update(k)
		s.statusForm = &f
		return s, cmd
	case s.viewer != nil && key.Matches(k, s.viewer.Keys.Help),
		s.form != nil && !s.form.saving && key.Matches(k, s.form.ActiveKeys().Help):
		s.help.ShowAll = !s.help.ShowAll
		s.layout()
		return s, nil
	case s.viewer != nil:
		v, cmd := s.viewer.Update(k)
		s.viewer = &v
		return s, cmd
	case s.form != nil:
		f, cmd := s.form.Update(k)
		s.form = &f
		s.layout()
		return s, cmd
	case s.asking != askNone:
		return s.onPromptKey(k)
	case common.IsText(k) && k.Paste:
		s.setStatus(common.PasteIgnored, false)
		return s, nil
	case common.IsText(k):
		return common.EachPress(s, k, Model.onKey)
	}
	km := s.activeKeys()
	switch {
	case key.Matches(k, km.Help):
		s.help.ShowAll = !s.help.ShowAll
		s.layout()
		return s, nil
	case key.Matches(k, km.Back):
		if s.pane.Focused() {
			s.focusTimeline()
			return s, nil
		}
		s.Ask(common.BackMsg{})
		return s, nil
	case key.Matches(k, km.ClearFilter):
		return s.clearFilter()
	case key.Matches(k, km.SwitchPane):
		if s.pane.Focused() {
			s.focusTimeline()
		} else {
			s.focusPane()
		}
		return s, nil
	case key.Matches(k, km.Focus):
		s.focusPane()
		return s, nil
	case key.Matches(k, km.Refresh):
		s.setStatus("Refreshed.", false)
		return s, s.Refresh()
	case key.Matches(k, km.Search):
		return s.openPrompt(askSearch)
	case key.Matches(k, km.Filter):
		return s.openPrompt(askFilter)
	case key.Matches(k, km.Jump):
		return s.openPrompt(askJump)
	case key.Matches(k, s.KeyMap.NextMatch, s.KeyMap.PrevMatch) && s.query == "":
		s.setStatus("No search to repeat: / searches summaries, actors and ids, then n and N go on.", false)
		return s, nil
	case key.Matches(k, km.NextMatch, km.PrevMatch):
		if r := s.timeline.Selected(); r != nil {
			forward := key.Matches(k, km.NextMatch)
			run := searchRun{text: s.query, from: r.Cursor(), forward: forward, selected: r.ID, start: r.Cursor()}
			// Go on where the last step stopped, while the screen is
			// still where that step left it.
			if st := s.stop; st != nil && st.run.text == s.query && st.run.forward == forward && st.run.selected == r.ID {
				run = st.run
				run.from = st.reached
			}
			return s, s.reader().search(run)
		}
	case key.Matches(k, km.NextUnreviewed, km.PrevUnreviewed):
		if r := s.timeline.Selected(); r != nil {
			return s, s.reader().nextUnreviewed(r.Cursor(), key.Matches(k, km.NextUnreviewed))
		}
	case key.Matches(k, km.Evidence):
		s.openViewer()
		return s, nil
	case key.Matches(k, km.Metrics):
		s.Ask(common.OpenMetricsMsg{})
		return s, nil
	case key.Matches(k, km.Status):
		return s, s.openStatus()
	case key.Matches(k, s.KeyMap.Followed, s.KeyMap.Modified, s.KeyMap.Ignored, s.KeyMap.None, s.KeyMap.Accept):
		s.verdictKey(k)
		return s, nil
	case s.pane.Focused() && key.Matches(k, km.Top):
		s.pane.GotoTop()
		return s, nil
	case s.pane.Focused() && key.Matches(k, km.Bottom):
		s.pane.GotoBottom()
		return s, nil
	}
	if s.pane.Focused() {
		var cmd tea.Cmd
		s.pane, cmd = s.pane.Update(k)
		return s, cmd
	}
	return s.onTimelineKey(k)
}

func (s Model) onTimelineKey(k tea.KeyMsg) (Model, tea.Cmd) {
	km := s.activeKeys()
	switch {
	case key.Matches(k, km.Up):
		s.timeline.Move(-1)
	case key.Matches(k, km.Down):
		s.timeline.Move(1)
	case key.Matches(k, km.PageUp):
		s.timeline.Move(-s.timeline.height)
	case key.Matches(k, km.PageDown):
		s.timeline.Move(s.timeline.height)
	case key.Matches(k, km.Top):
		if !s.timeline.atStart {
			return s, s.reader().first(s.timeline.NewWindow())
		}
		s.timeline.Move(-len(s.timeline.rows))
	case key.Matches(k, km.Bottom):
		if !s.timeline.atEnd {
			return s, s.reader().last(s.timeline.NewWindow())
		}
		s.timeline.Move(len(s.timeline.rows))
	default:
		return s, nil
	}
	return s, s.afterMove()
}

// verdictKey opens the form with the verdict the key names, or says why
// it cannot: the row is not a step, the person may not record verdicts
// here, or "none" was asked of a step that began with an AI suggestion.
func (s *Model) verdictKey(k tea.KeyMsg) {
	d := s.pane.Detail()
	switch {
	case d == nil && s.timeline.Selected() != nil && s.timeline.Selected().Subject != "":
		// The key came before the step it would judge was shown (typed
		// with the move to it, or over a slow link): it is not taken.
		s.setStatus(s.timeline.Selected().Subject+" is still loading: press "+k.String()+" again once its step shows. Nothing was recorded.", false)
		return
	case d == nil || d.step == nil:
		s.setStatus("This row is not part of a step, so it takes no verdict.", false)
		return
	case !s.isPerson:
		s.setStatus(s.readOnly()+" to record a verdict.", true)
		return
	case key.Matches(k, s.KeyMap.None) && d.step.Suggestion != nil:
		s.setStatus(noneRefused(d.step.Suggestion), true)
		return
	}
	prop := rules.ProposeVerdict(*d.step)
	v := prop.Verdict
	if v == "" && key.Matches(k, s.KeyMap.Accept) {
		s.setStatus("Nothing proposed for this step ("+prop.Reason+"): f, m or i records a verdict of your own.", false)
		return
	}
	switch {
	case key.Matches(k, s.KeyMap.Followed):
		v = model.VerdictFollowed
	case key.Matches(k, s.KeyMap.Modified):
		v = model.VerdictModified
	case key.Matches(k, s.KeyMap.Ignored):
		v = model.VerdictIgnored
	case key.Matches(k, s.KeyMap.None):
		v = model.VerdictNone
	}
	f := NewForm(s.Styles, d.step.Subject, v)
	f.Judge(d.step)
	s.form = &f
	s.layout()
}

// readOnly is the sentence that says the person at the keyboard cannot
// record verdicts on this incident.
func (s Model) readOnly() string {
	return "you (" + s.Person + ") are not a person of " + s.incident + ": read-only; use --as PERSON"
}

func (s *Model) focusPane() {
	s.timeline.Blur()
	s.pane.Focus()
	s.paneShown = true
}

func (s *Model) focusTimeline() {
	s.pane.Blur()
	s.timeline.Focus()
	s.paneShown = false
}

// activeKeys are the keys with those that would do nothing now turned off,
// so the help line never offers them.
func (s Model) activeKeys() KeyMap {
	km := s.KeyMap
	d := s.pane.Detail()
	onStep := d != nil && d.step != nil
	hasRow := !s.timeline.Empty()
	for _, b := range []*key.Binding{&km.Followed, &km.Modified, &km.Ignored, &km.Accept} {
		b.SetEnabled(onStep && s.isPerson)
	}
	if onStep && rules.ProposeVerdict(*d.step).Verdict == "" {
		// A pending or deferred suggestion: the record proposes nothing.
		km.Accept.SetEnabled(false)
	}
	km.None.SetEnabled(onStep && s.isPerson && d.step.Suggestion == nil)
	km.Evidence.SetEnabled(d != nil)
	km.NextMatch.SetEnabled(s.query != "" && hasRow)
	km.PrevMatch.SetEnabled(s.query != "" && hasRow)
	km.NextUnreviewed.SetEnabled(hasRow)
	km.PrevUnreviewed.SetEnabled(hasRow)
	for _, b := range []*key.Binding{&km.Up, &km.Down, &km.Top, &km.Bottom, &km.PageUp, &km.PageDown, &km.Search} {
		b.SetEnabled(hasRow)
	}
	km.Filter.SetEnabled(s.opened)
	km.Jump.SetEnabled(hasRow)
	km.ClearFilter.SetEnabled(!s.filter.IsZero() || s.query != "")
	if s.filter.IsZero() {
		km.ClearFilter.SetHelp("esc", "clear search")
	}
	km.Focus.SetEnabled(hasRow && !s.pane.Focused())
	if s.pane.Focused() {
		// esc closes the pane as q does, as it closes what is open on
		// every screen; the filter stays, and esc clears it from the
		// timeline.
		km.Back.SetKeys("q", "esc")
		km.Back.SetHelp("q/esc", "back to timeline")
		km.ClearFilter.SetEnabled(false)
		km.Top.SetHelp("g/home", "top of step")
		km.Bottom.SetHelp("G/end", "bottom of step")
	} else if s.first {
		km.Back.SetHelp("q", "quit")
	} else if !km.ClearFilter.Enabled() {
		// With nothing to clear, esc goes back as q does, as on every
		// screen opened from another; on the first it does nothing.
		km.Back.SetKeys("q", "esc")
		km.Back.SetHelp("q/esc", "back")
	} else {
		km.Back.SetHelp("q", "back")
	}
	return km
}

// helpKeys are the keys ? lists: every key the screen takes, those that
// act only on some rows or after a search with when they do, so the
// full help is where a newcomer finds f, a or n before they apply. The
// key line keeps to activeKeys: what acts on the row selected.
func (s Model) helpKeys() KeyMap {
	km := s.activeKeys()
	d := s.pane.Detail()
	onStep := d != nil && d.step != nil
	when := func(b *key.Binding, cond string) {
		if !b.Enabled() {
			b.SetEnabled(true)
			b.SetHelp(b.Help().Key, b.Help().Desc+" ("+cond+")")
		}
	}
	verdict := "on a step"
	if onStep && !s.isPerson {
		verdict = "as a person of the incident"
	}
	for _, b := range []*key.Binding{&km.Followed, &km.Modified, &km.Ignored} {
		when(b, verdict)
	}
	if onStep && s.isPerson {
		when(&km.Accept, "when the record proposes a verdict")
	}
	when(&km.Accept, verdict)
	if onStep && s.isPerson {
		verdict = "on a step without AI"
	}
	when(&km.None, verdict)
	if !s.timeline.Empty() {
		when(&km.NextMatch, "after a search")
		when(&km.Evidence, "on a row")
	}
	if !s.pane.Focused() && !km.ClearFilter.Enabled() {
		km.ClearFilter.SetEnabled(true)
		km.ClearFilter.SetHelp("esc", "clear filter or search (while one is on)")
	}
	return km
}
