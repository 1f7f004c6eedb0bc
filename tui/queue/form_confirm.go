package queue

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// The confirm step is the last look before the record, and the action's
// detail is the AI's (or the first approver's) text: however long it is,
// the step keeps its top in view (the title, "CONFIRM: you are about to
// …", the action's kind and target, its tier's requirement and the
// beginning of the detail) and its bottom (what to type, and the field).
// The detail gives up lines instead, cut with a line saying how much of
// it is hidden and that pgdn/pgup scroll it.

// maxConfirmWrapped bounds the lines of detail the confirm step scrolls
// through, so a huge detail costs no more than a long one.
const maxConfirmWrapped = 300

// confirmDetailLines is how many lines the detail gets before the
// incident's name and the blank lines do.
const confirmDetailLines = 4

// maxIncidentLines bounds the incident's name and title in the confirm
// step: its title comes from the incident, and the detail needs the room.
const maxIncidentLines = 2

// plainStyles draws nothing: what the layout counts, not what it shows.
var plainStyles common.Styles

// confirmParts are the confirm step's pieces, drawn w cells wide.
type confirmParts struct {
	head, impact, detail, incident, ask []string
	what, confirm, input, verb          string
	// cut says the detail is longer than maxConfirmWrapped lines: its
	// last line ends with an ellipsis.
	cut bool
}

// confirmPlan is what of the parts fits: lines [off, off+shown) of the
// detail, with a marker line when that is not all of it, the first inc
// lines of the incident's, and the blank lines that fit.
type confirmPlan struct {
	off, shown, inc  int
	marker           bool
	gapTop, gapInput bool
}

func (f Form) confirmParts(st *common.Styles, w int) confirmParts {
	it, action := f.item, f.action()
	p := confirmParts{head: f.heading(st, w)}
	p.confirm = st.Error.Render("CONFIRM: you are about to " + strings.ToLower(string(f.verb())) + ":")
	p.what = "  " + st.Bold.Render(string(safetext.LineWidth(actionText(action), max(1, w-2))))
	p.impact = wrapIndent(review.Requirement(it.Tier)+f.joins(), w)
	p.detail, p.cut = wrapBounded("detail", orNone(action.Detail), w, maxConfirmWrapped)
	// An approval of a gated call lets the whole call run: the step
	// restates it too, every argument, and scrolls through it.
	if c := f.confirmCall; c != nil {
		for _, fl := range c.Fields(action.Detail) {
			ls, cut := wrapBounded(fl.Label, fl.Text, w, maxConfirmWrapped)
			p.detail, p.cut = append(p.detail, ls...), p.cut || cut
		}
	}
	p.incident, _ = wrapBounded("in "+f.incidentNamed(), it.IncidentTitle, w, maxIncidentLines)
	for _, l := range wrap("Type "+f.incidentNamed()+" or y, then enter. esc goes back.", w) {
		p.ask = append(p.ask, st.Bold.Render(l))
	}
	p.input = f.confirm.View()
	return p
}

// wrapBounded lays out "label: text" under a two-cell indent in at most
// n lines w cells wide, text from the store laid out as the detail pane
// lays it out (cutOrWrap: cut at the width with every space kept when it
// holds a run of spaces, else wrapped at words), its further lines under
// its start, not at the label's column: padding inside a value cannot
// draw a line that reads as another field's. A label too wide to leave the text room
// (an incident's name that reads like another's) is read as part of the
// text, whose further lines go two cells deeper than the labels. The last
// line ends in an ellipsis when the text goes on; it reports that.
func wrapBounded(label, text string, w, n int) ([]string, bool) {
	head := string(safetext.Line(label)) + ": "
	indent := 2 + ansi.StringWidth(head)
	if indent > w/2 {
		text, head, indent = head+text, "", 4
	}
	w = max(10, w-indent)
	// One cell more than the bound says whether text goes past it.
	t := safetext.LineWidth(text, w*n+1)
	cut := ansi.StringWidth(string(t)) > w*n
	ls := cutOrWrap(safetext.Truncate(t, w*n), w)
	if len(ls) > n {
		ls, cut = ls[:n], true
		ls[n-1] = string(safetext.Truncate(safetext.Text(ls[n-1]+safetext.Ellipsis), w))
	}
	for i := range ls {
		if i == 0 {
			ls[i] = "  " + head + ls[i]
		} else {
			ls[i] = strings.Repeat(" ", indent) + ls[i]
		}
	}
	return ls, cut
}

// plan fits the parts into room lines, the detail scrolled to off.
func (p confirmParts) plan(room, off int) confirmPlan {
	n := len(p.detail)
	// fit shows as much of the detail as r lines hold: all of it, or
	// what leaves a line for the marker (and always its first line).
	fit := func(r int) (int, bool) {
		if n <= r {
			return n, false
		}
		return max(1, r-1), true
	}
	rest := room - (len(p.head) + 2 + len(p.impact) + len(p.ask) + 1)
	var pl confirmPlan
	pl.shown, pl.marker = fit(min(rest, confirmDetailLines))
	rest -= pl.shown + b2i(pl.marker)
	pl.inc = max(0, min(len(p.incident), rest))
	rest -= pl.inc
	if pl.gapInput = rest > 0; pl.gapInput {
		rest--
	}
	if pl.gapTop = rest > 0; pl.gapTop {
		rest--
	}
	pl.shown, pl.marker = fit(pl.shown + b2i(pl.marker) + max(0, rest))
	pl.off = max(0, min(off, n-pl.shown))
	return pl
}

// markerLine says how much of the detail is out of view and how to see it.
func (p confirmParts) markerLine(pl confirmPlan, incident string, w int) string {
	above, below := pl.off, len(p.detail)-pl.off-pl.shown
	var s string
	switch {
	case above == 0:
		s = "⋯ " + common.Count(below, "more line") + " of the detail: pgdn shows them"
	case below == 0 && p.cut:
		s = "⋯ " + common.Count(above, "line") + " above (pgup); the rest is cut: signoff export " + incident + " has it whole"
	case below == 0:
		s = "⋯ " + common.Count(above, "line") + " above: pgup shows them"
	default:
		s = "⋯ " + common.Count(above, "line") + " above, " + strconv.Itoa(below) + " below: pgup/pgdn scroll the detail"
	}
	return "  " + string(safetext.LineWidth(s, max(1, w-2)))
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// confirmLines draws the confirm step in at most room lines w cells wide.
func (f Form) confirmLines(st *common.Styles, w, room int) []string {
	p := f.confirmParts(st, w)
	pl := p.plan(room, f.confirmOff)
	out := append([]string{}, p.head...)
	if pl.gapTop {
		out = append(out, "")
	}
	out = append(out, p.confirm, p.what)
	out = append(out, p.impact...)
	out = append(out, p.detail[pl.off:pl.off+pl.shown]...)
	if pl.marker {
		out = append(out, st.Flag.Render(p.markerLine(pl, f.item.Incident, w)))
	}
	out = append(out, p.incident[:pl.inc]...)
	if pl.gapInput {
		out = append(out, "")
	}
	out = append(out, p.ask...)
	return append(out, p.input)
}

// confirmFit is the confirm step's plan at the form's size.
func (f Form) confirmFit() (confirmParts, confirmPlan) {
	p := f.confirmParts(&plainStyles, f.width)
	return p, p.plan(f.height-len(f.tail(&plainStyles, f.width)), f.confirmOff)
}

// scrollConfirm moves the confirm step's detail by pages (on a tall one a
// line of the last page stays in view), within its lines.
func (f *Form) scrollConfirm(pages int) {
	p, pl := f.confirmFit()
	step := pl.shown
	if step > confirmDetailLines {
		step--
	}
	f.confirmOff = max(0, min(pl.off+pages*step, len(p.detail)-pl.shown))
}

// confirmScrolls reports whether the confirm step's detail is longer than
// its room, so pgdn and pgup act.
func (f Form) confirmScrolls() bool {
	if !f.confirming || f.gone != "" {
		return false
	}
	_, pl := f.confirmFit()
	return pl.marker
}

// joins says, on the confirm step, what becomes of a first approval the
// item already carries: a second approval makes the decision with it, a
// rejection or deferral leaves it in the record, overridden. The item
// said so, the step did not (a new user's trial).
func (f Form) joins() string {
	fa := f.item.FirstApproval
	switch {
	case fa == nil || f.modify:
		return ""
	case f.outcome == model.OutcomeApproved:
		return "; this is the second approval: with " + fa.By + "'s first, of " + stamp(fa.At) + ", the action is decided"
	}
	return "; " + fa.By + "'s first approval, of " + stamp(fa.At) + ", stays in the record, overridden by this " + f.noun()
}
