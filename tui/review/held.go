package review

import (
	"strconv"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
)

// Keys typed before the incident's first rows arrive (enter on the picker
// and, at once, "/token" for the screen it opens) are held, and taken in
// order when the rows come, so each acts as it would have had the person
// waited: "/" opens the search, and the letters after it are its text.
// A verdict key typed then is dropped, with every key after it, and the
// footer says so: a person never judges a row they did not see. q leaves
// at once and drops what was held, unless a held key opens a prompt it
// would be typed into; a held key that leaves then passes the keys after
// it on to the screen it goes to.

// early reports whether the first rows have yet to arrive.
func (s Model) early() bool { return !s.ready }

// holdKey takes a key typed before the first rows: q leaves now unless it
// is a prompt's text; anything else waits for the rows.
func (s Model) holdKey(k tea.KeyMsg) (Model, tea.Cmd) {
	if common.IsText(k) && !k.Paste {
		// One press each, so each is looked at as it is taken.
		return common.EachPress(s, k, Model.holdKey)
	}
	if key.Matches(k, s.KeyMap.Back) && !s.heldOpensPrompt() {
		s.held = nil
		return s.onKey(k)
	}
	s.held = append(s.held, k)
	return s, nil
}

// heldOpensPrompt reports whether a held key opens a prompt (search,
// filter, a time), where q is a letter.
func (s Model) heldOpensPrompt() bool {
	for _, k := range s.held {
		if key.Matches(k, s.KeyMap.Search, s.KeyMap.Filter, s.KeyMap.Jump) {
			return true
		}
	}
	return false
}

// takeHeld hands the held keys to Update, in order, now that the first
// rows are listed.
func (s Model) takeHeld() (Model, tea.Cmd) {
	held := s.held
	s.held = nil
	var cmds []tea.Cmd
	for i, k := range held {
		if s.InText() || !key.Matches(k, s.KeyMap.Followed, s.KeyMap.Modified, s.KeyMap.Ignored, s.KeyMap.None, s.KeyMap.Accept) {
			var cmd tea.Cmd
			s, cmd = s.Update(k)
			cmds = append(cmds, cmd)
			if s.Asked() {
				// The keys after it were typed for the screen it opens.
				s.PassOn(held[i+1:])
				break
			}
			continue
		}
		n := len(held) - i
		what := "The key " + k.String() + ", typed before the incident's rows were shown, was not taken: it judges the selected row, and no row was on screen. Nothing was recorded."
		if n > 1 {
			what = "The " + strconv.Itoa(n) + " keys typed from " + k.String() + " on, before the incident's rows were shown, were not taken: " + k.String() + " judges the selected row, and no row was on screen. Nothing was recorded."
		}
		s.setStatus(what, true)
		break
	}
	return s, tea.Batch(cmds...)
}
