package queue

import (
	"strings"

	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// lines draws the form, or its confirm step, w cells wide.
func (f Form) lines(st *common.Styles, w int) []string {
	var out []string
	add := func(l ...string) { out = append(out, l...) }
	it := f.item
	title := string(f.verb()) + " " + it.Key() + " · " + actionText(it.Action) + " · " + string(it.Tier)
	add(st.FormKey.Render(string(safetext.LineWidth(title, w))))
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
		return out
	}
	if f.confirming {
		add("", st.Error.Render("CONFIRM: you are about to "+strings.ToLower(string(f.verb()))+":"))
		action := f.action()
		add(wrapIndent(actionText(action)+": "+orNone(action.Detail), w)...)
		add(wrapIndent("in "+it.Incident+": "+it.IncidentTitle, w)...)
		add(wrapIndent(review.Requirement(it.Tier), w)...)
		add("", st.Bold.Render(string(safetext.LineWidth("Type "+it.Incident+" or y, then enter. esc goes back.", w))))
		add(f.confirm.View())
	} else {
		if f.modify {
			add("", st.Label.Render("Action detail (what will be done instead):"), f.detail.View())
		}
		add("", st.Label.Render("Rationale (required):"), f.rationale.View())
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
				add(st.RowSelected.Render(string(line)))
			} else {
				add(string(line))
			}
		}
	}
	if f.saving {
		add("", st.Muted.Render("Recording…"))
	}
	if f.err != "" {
		add("")
		for _, l := range wrap(f.err, w) {
			add(st.Error.Render(l))
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
