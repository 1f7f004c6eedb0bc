package queue

import (
	"time"

	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// detailView shows the selected item, or what is open over it: a form,
// the evidence in full.
func (m Model) detailView(w, h int) string {
	switch {
	case m.form != nil:
		return m.form.view(m.Styles, w, h)
	case m.statusForm != nil:
		return clip(m.statusForm.Lines(w), 0, h)
	case m.notes != nil:
		return clip(m.notes.lines(m.Styles, w), 0, h)
	case m.evidence != nil:
		lines, off := m.evidence.lines(m.Styles, w, h)
		return clip(lines, off, h)
	}
	it := m.Selected()
	if it == nil {
		return pad("", h)
	}
	if m.detail == nil || m.detail.Item.Key() != it.Key() {
		return pad(common.Paint(m.Styles.Muted, "Loading…"), h)
	}
	return m.clipMore(m.detailLines(w), m.scroll, w, h)
}

// clipMore is clip for the item's detail, which can be taller than the
// pane: a line cut off below is said on the pane's last line, so an
// approval is never given with part of what it approves (a detail padded
// past the pane with spaces, the agent, the rationale) out of sight and
// nothing saying so.
func (m Model) clipMore(lines []string, off, w, h int) string {
	off = max(0, min(off, len(lines)-h))
	if h < 2 || off+h >= len(lines) {
		return clip(lines, off, h)
	}
	below := len(lines) - (off + h - 1)
	more := m.Styles.Muted.Render(string(safetext.Truncate(safetext.Text("↓ "+common.Count(below, "more line")+" below · J scrolls the detail"), w)))
	return clip(append(lines[off:off+h-1:off+h-1], more), 0, h)
}

// detailLines are the selected item's lines at width w, with who holds it
// and the incident's latest hand-off note.
func (m Model) detailLines(w int) []string {
	now := m.Now()
	out := detailLines(m.Styles, m.detail, m.call, m.Person, now, w)
	it := m.detail.Item
	claim := "nobody holds it · c claims it for " + age(m.claimFor) + " (a claim is not a decision)"
	if c, ok := m.claimOf(&it, now); ok {
		who := c.Person
		if c.Person == m.Person {
			who = "you (c releases it)"
		}
		claim = "held by " + who + " since " + stamp(c.Since) + " · lapses in " + countdown(c.Until.Sub(now))
	}
	out = insertAfter(out, 3, labelled(m.Styles, "claim", claim, w)...)
	if n, ok := m.handoffs[it.Incident]; ok {
		out = append(out, "")
		out = append(out, labelled(m.Styles, "hand-off", n.By+" at "+stamp(n.At)+": "+n.Text, w)...)
	}
	return out
}

// insertAfter puts lines after the first n of out.
func insertAfter(out []string, n int, lines ...string) []string {
	n = min(n, len(out))
	return append(out[:n:n], append(lines, out[n:]...)...)
}

// labelled is "name: text", wrapped under its label.
func labelled(st *common.Styles, name, text string, w int) []string {
	return under(st, name, wrap(text, w-len(name)-2))
}

// labelledValue is "name: text" for a value an approval acts on (the
// action's detail, a gated call's fields): cut at the width with every
// space kept (hardwrap), so padding inside it cannot move a line of it
// to where another field's would begin.
func labelledValue(st *common.Styles, name, text string, w int) []string {
	return under(st, name, hardwrap(text, w-len(name)-2))
}

// under puts ls under "name: ", its further lines under the first's text.
func under(st *common.Styles, name string, ls []string) []string {
	out := []string{st.Label.Render(name+": ") + ls[0]}
	for _, l := range ls[1:] {
		out = append(out, strings.Repeat(" ", len(name)+2)+l)
	}
	return out
}

// clampScroll keeps the detail's offset inside its lines, so scrolling
// back up starts at once after scrolling past the end.
func (m *Model) clampScroll() {
	if m.detail == nil || m.form != nil || m.Width == 0 {
		m.scroll = 0
		return
	}
	m.scroll = max(0, min(m.scroll, len(m.detailLines(m.detailWidth()))-m.detailHeight()))
}

// detailLines is everything an owner reads before deciding: the AI's
// suggestion (labelled as advice), its evidence and what is preserved for
// the target, the alternatives, the agent chain, the tier and the policy's
// verdict on the person at the keyboard.
func detailLines(st *common.Styles, d *model.PendingDetail, call wholeCall, person string, now time.Time, w int) []string {
	it, s := d.Item, d.Suggestion
	var out []string
	add := func(l ...string) { out = append(out, l...) }
	label := func(name string, text string) { add(labelled(st, name, text, w)...) }
	add(st.AI.Render(string(safetext.LineWidth(string(common.TitleAI)+" · "+it.Key(), w))))
	add(st.Muted.Render(string(safetext.LineWidth(it.Incident+" ("+string(it.Severity)+"): "+it.IncidentTitle, w))))
	target := ""
	if it.Target != nil {
		target = " (" + string(it.Target.Kind)
		if it.Target.Privileged {
			target += ", privileged"
		}
		target += ")"
	}
	add(st.Bold.Render(string(safetext.LineWidth(actionText(it.Action)+target, w))))
	label("tier", review.Requirement(it.Tier))
	p, agent := findPerson(d, person)
	if call.pinned != "" {
		for _, l := range wrap("⚠ "+call.pinned, w) {
			add(st.Flag.Render(l))
		}
	} else {
		for _, l := range wrap(review.Standing(person, p, agent, it, d.Alike, now), w) {
			add(st.Bold.Render(l))
		}
	}
	if e := it.GateEnded; e != nil {
		for _, l := range wrap("⚠ "+review.GateEnded(*e), w) {
			add(st.Flag.Render(l))
		}
	}
	if fa := it.FirstApproval; fa != nil {
		label("awaiting second approval", fa.By+" approved at "+stamp(fa.At)+": "+fa.Rationale)
		if !model.SameAction(&fa.Action, &it.Action) {
			// A second approval approves this, not the AI's detail below.
			add(labelledValue(st, "first approved as", fa.Action.Detail, w)...)
		}
	}
	if t := it.Action.Target; t != "" && len(d.TargetEvidence) == 0 && it.Class == model.ClassContainment {
		add(st.Flag.Render(string(safetext.LineWidth("⚠ no evidence preserved for "+t+": collect it before containment", w))))
	}
	// cutCount says, under a field cut at maxWrapped lines, how much of it
	// is not shown, so no argument hides behind an ellipsis.
	cutCount := func(label, text string, total int) {
		if n := notShown(text, total, w-len(label)-2); n > 0 {
			line := fmt.Sprintf("⋯ %d more characters: signoff pending --json has them whole", n)
			for _, l := range wrap(line, w-len(label)-2) {
				add(strings.Repeat(" ", len(label)+2) + st.Flag.Render(l))
			}
		}
	}
	if it.Action.Detail != "" {
		add(labelledValue(st, "detail", it.Action.Detail, w)...)
		// An unmapped tool's detail is its whole arguments, shown once.
		if call.ok && call.IsArguments(it.Action.Detail) {
			cutCount("detail", it.Action.Detail, call.chars["arguments"])
		}
	}
	// An approval of a gated call lets the whole call run: every argument,
	// to the server that asked, not only the detail the mapping read.
	if call.ok {
		for _, f := range call.Fields(it.Action.Detail) {
			add(labelledValue(st, f.Label, f.Text, w)...)
			cutCount(f.Label, f.Text, call.chars[f.Label])
		}
	}
	label("agent", chainText(d.Chain, it.Agent))
	c := "none given"
	if it.Confidence != nil {
		c = fmt.Sprintf("%.2f", *it.Confidence)
	}
	cue := s.ConfidenceCue
	if cue == "" {
		cue = "no cue given"
	}
	label("confidence", c+" · "+cue)
	when := fmt.Sprintf("rank %d · suggested %s (%s ago)", it.Rank, stamp(it.At), age(now.Sub(it.At)))
	if it.ExpiresAt != nil {
		if it.Expired(now) {
			when += " · EXPIRED " + stamp(*it.ExpiresAt) + ": it can no longer be approved"
		} else {
			when += " · expires " + stamp(*it.ExpiresAt) + " (in " + countdown(it.ExpiresAt.Sub(now)) + ")"
		}
	}
	label("when", when)
	label("rationale", orNone(s.Rationale))
	for i, a := range s.Alternatives {
		name := "alternative"
		if len(s.Alternatives) > 1 {
			name = fmt.Sprintf("alternative %d", i+1)
		}
		text := actionText(a)
		if a.Detail != "" {
			text += ": " + a.Detail
		}
		label(name, text)
	}
	add("")
	add(st.Evidence.Render("■ EVIDENCE cited by the AI · e shows it in full"))
	if len(d.Cited) == 0 {
		add(st.Muted.Render("  none cited"))
	}
	for _, e := range d.Cited {
		add(evidenceLine(e, w))
	}
	if t := it.Action.Target; t != "" {
		if len(d.TargetEvidence) == 0 {
			add(st.Muted.Render(string(safetext.LineWidth("  no evidence preserved for "+t+" yet", w))))
		} else {
			var ids []string
			for _, e := range d.TargetEvidence {
				ids = append(ids, e.ID+" ("+stamp(e.CollectedAt)+")")
			}
			add(st.Verdict.Render(string(safetext.LineWidth("✔ evidence preserved for "+t+": "+strings.Join(ids, ", "), w))))
		}
	}
	return out
}

// notShown is how many characters of s, total long once sanitised, a
// field w cells wide (wrap) does not show: 0 when it shows whole.
func notShown(s string, total, w int) int {
	shown := string(safetext.LineWidth(s, max(10, w)*maxWrapped))
	n := utf8.RuneCountInString(shown)
	// Cut, it ends with an ellipsis in place of what follows; a text that
	// ends with one of its own shows as many characters as it has.
	if !strings.HasSuffix(shown, safetext.Ellipsis) || n >= total {
		return 0
	}
	return total - (n - 1)
}

func evidenceLine(e model.Evidence, w int) string {
	text := "  " + e.ID + " " + e.Kind + " · collected " + stamp(e.CollectedAt) + " by " + e.CollectedBy
	if e.Summary != "" {
		text += " · " + e.Summary
	}
	return string(safetext.LineWidth(text, w))
}

// chainText is the agent and the agents whose output it acted on.
func chainText(chain []model.Agent, id string) string {
	if len(chain) == 0 {
		return id
	}
	var parts []string
	for _, a := range chain {
		s := a.ID + " (" + a.Name
		if a.Model != "" {
			s += ", " + a.Model
			if a.Version != "" {
				s += " " + a.Version
			}
		}
		parts = append(parts, s+")")
	}
	return strings.Join(parts, " ← acting on ")
}

func findPerson(d *model.PendingDetail, id string) (*model.Person, bool) {
	for i := range d.People {
		if d.People[i].ID == id {
			return &d.People[i], false
		}
	}
	for _, a := range d.Agents {
		if a.ID == id {
			return nil, true
		}
	}
	return nil, false
}

func orNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "none given"
	}
	return s
}
