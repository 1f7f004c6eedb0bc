package queue

import (
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// view is the form in h lines w cells wide. What it says last (a refusal,
// "Recording…") shows whole, and the fields above give up lines to it: the
// end of a refusal says why nothing was recorded and what to do. The
// title and the line with the focus stay in view.
func (f Form) view(st *common.Styles, w, h int) string {
	tail := f.tail(st, w)
	if f.confirming && f.gone == "" {
		return clip(append(f.confirmLines(st, w, h-len(tail)), tail...), 0, h)
	}
	body, focus := f.lines(st, w)
	if keep := max(0, h-len(tail)); keep < len(body) {
		if focus >= keep && keep > 1 {
			body = append(body[:1], body[focus-keep+2:focus+1]...)
		} else {
			body = body[:keep]
		}
	}
	return clip(append(body, tail...), 0, h)
}

// heading is the form's title and, while its item's gate has stopped
// waiting, the warning that a decision now runs nothing.
func (f Form) heading(st *common.Styles, w int) []string {
	it := f.item
	title := string(f.verb()) + " " + it.Key() + " · " + actionText(it.Action) + " · " + string(it.Tier)
	out := []string{st.FormKey.Render(string(safetext.LineWidth(title, w)))}
	if e := it.GateEnded; e != nil && f.gone == "" {
		for _, l := range wrap("⚠ "+review.GateEnded(*e), w) {
			out = append(out, st.Flag.Render(l))
		}
	}
	return out
}

// lines draws the form w cells wide, up to its tail, and says which line
// holds the focus. The confirm step is confirmLines.
func (f Form) lines(st *common.Styles, w int) (out []string, focus int) {
	add := func(l ...string) { out = append(out, l...) }
	add(f.heading(st, w)...)
	if f.gone != "" {
		add("")
		for _, l := range wrap(f.gone, w) {
			add(st.Error.Render(l))
		}
		add("", st.Label.Render("Your draft (y copies it, esc closes):"))
		if f.modify {
			add(wrapIndent("action detail: "+orNone(f.detail.Value()), w)...)
		}
		add(wrapIndent("rationale: "+orNone(f.rationale.Value()), w)...)
		return out, 0
	}
	if f.modify {
		add("", st.Label.Render("Action detail (what will be done instead):"))
		if f.field == fieldDetail {
			focus = len(out)
		}
		add(f.detail.View())
	}
	add("", st.Label.Render("Rationale (required):"))
	if f.field == fieldRationale {
		focus = len(out)
	}
	add(f.rationale.View())
	head := "Evidence reviewed (tab to the list, space ticks):"
	if f.field == fieldEvidence {
		head = "Evidence reviewed (↑/↓ move, space ticks):"
	}
	add("", st.Label.Render(head))
	if len(f.evidence) == 0 {
		add(st.Muted.Render("  the incident has no evidence records"))
	}
	for i, e := range f.evidence {
		box := "[ ]"
		if f.ticked[e.ID] {
			box = "[x]"
		}
		cur := "  "
		if f.field == fieldEvidence && i == f.cursor {
			cur = "▸ "
		}
		line := safetext.LineWidth(cur+box+" "+e.ID+" "+e.Kind+" · "+stamp(e.CollectedAt)+" · "+e.Summary, w)
		if f.field == fieldEvidence && i == f.cursor {
			focus = len(out)
			add(st.RowSelected.Render(string(line)))
		} else {
			add(string(line))
		}
	}
	return out, focus
}

// tail is what the form says under its fields: that it is recording, or
// why the last enter was refused.
func (f Form) tail(st *common.Styles, w int) []string {
	if f.gone != "" {
		return nil
	}
	var out []string
	if f.saving {
		out = append(out, "", st.Muted.Render("Recording…"))
	}
	if f.discarding {
		out = append(out, "")
		for _, l := range wrap("Discard this decision and what you typed? y discards · any other key goes back", w) {
			out = append(out, st.Bold.Render(l))
		}
	}
	if f.err != "" {
		out = append(out, "")
		for _, l := range wrap(f.err, w) {
			out = append(out, st.Error.Render(l))
		}
	}
	return out
}

func wrapIndent(s string, w int) []string {
	ls := wrap(s, w-2)
	for i := range ls {
		ls[i] = "  " + ls[i]
	}
	return ls
}
