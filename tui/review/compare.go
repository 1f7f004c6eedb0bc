package review

import (
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// comparePage renders a step on a wide screen: the AI suggestion, the
// final human decision and the evidence side by side, the first two
// aligned field by field so each line compares like with like, and the
// word diff, the executions, the findings and the review under them.
func comparePage(p *page, s *model.Step, idx rosterIndex, pol *rules.Policy, fs []rules.Finding) {
	const gap = " │ "
	inner := p.width - 2 - labelW - 2*len([]rune(gap))
	cw := max(12, inner/3)
	ew := max(12, inner-2*cw)
	sug, dec := s.Suggestion, s.FinalDecision()

	aiTitle := safetext.Text("◇ AI SUGGESTION (advice only)")
	if sug != nil {
		aiTitle = "◇ AI SUGGESTION · " + safetext.Line(sug.ID) + " (advice only)"
	}
	heads := [2]string{
		common.Paint(p.st.AI, common.Pad(aiTitle, cw)),
		common.Paint(p.st.Human, common.Pad(decisionTitle(s), cw)),
	}
	left := []string{"  " + string(common.Pad("", labelW)) + heads[0] + gap + heads[1]}
	for _, r := range compareRows(p, s, idx, pol) {
		a := cellLines(r.ai, cw)
		h := cellLines(r.human, cw)
		for i := 0; i < max(len(a), len(h)); i++ {
			lab := safetext.Text("")
			if i == 0 {
				lab = r.label
			}
			left = append(left, "  "+common.Paint(p.st.Label, common.Pad(lab, labelW))+cell(a, i, cw)+gap+cell(h, i, cw))
		}
	}
	right := append([]string{common.Paint(p.st.Evidence, common.Pad(common.TitleEvidence, ew))}, evidenceColumn(p, s, idx, ew)...)
	blank := strings.Repeat(" ", 2+labelW+2*cw+len([]rune(gap)))
	for i := 0; i < max(len(left), len(right)); i++ {
		l := blank
		if i < len(left) {
			l = left[i]
		}
		r := ""
		if i < len(right) {
			r = right[i]
		}
		p.line(l + gap + r)
	}
	if sug != nil && dec != nil && dec.Action != nil && !model.SameAction(sug.Action, dec.Action) {
		p.title(func(t safetext.Text) string { return common.Paint(p.st.Bold, t) }, "± SUGGESTED → FINAL ([-removed-] {+added+})")
		p.field("diff", diffText(p.st, rules.ActionDiff(sug.Action, dec.Action)))
	}
	for i := 0; i+1 < len(s.Decisions); i++ {
		d := &s.Decisions[i]
		p.title(func(t safetext.Text) string { return common.Paint(p.st.Human, t) }, common.TitleHuman+" · "+safetext.Line(d.ID)+" · earlier")
		decisionFields(p, s.Incident, d, idx, pol, s.TargetAsset)
	}
	executionsPage(p, s)
	findingsPage(p, fs)
	reviewBar(p, s, idx, pol)
}

// compareRow is one field of the suggestion beside the same field of the
// decision.
type compareRow struct {
	label     safetext.Text
	ai, human safetext.Text
}

func compareRows(p *page, s *model.Step, idx rosterIndex, pol *rules.Policy) []compareRow {
	sug, dec := s.Suggestion, s.FinalDecision()
	var rows []compareRow
	add := func(label safetext.Text, ai, human safetext.Text) {
		if ai != "" || human != "" {
			rows = append(rows, compareRow{label, ai, human})
		}
	}
	var sa, da *model.Action
	if sug != nil {
		sa = sug.Action
	}
	if dec != nil {
		da = dec.Action
	}
	who := safetext.Text("no AI suggestion: a human-originated action")
	if sug != nil {
		who = agentText(sug, idx)
	}
	add("by", who, ownerText(s, idx))
	if dec != nil {
		add("proven", "", proofText(p.st, pol.DecisionProofs(s.Incident, dec)[0]))
	}
	add("action", actionType(sa), actionType(da))
	add("target", targetText(sa, s.TargetAsset)+idx.targetAlike(sa), targetText(da, s.TargetAsset)+idx.targetAlike(da))
	add("detail", detailOf(p, sa), detailOf(p, da))
	add("tier", tierOf(pol, sa, s.TargetAsset), tierOf(pol, da, s.TargetAsset))
	if sug != nil {
		conf := safetext.Text("not given")
		if sug.Confidence != nil {
			conf = safetext.Text(strconv.FormatFloat(*sug.Confidence, 'f', 2, 64))
		}
		if sug.ConfidenceCue != "" {
			conf += " · " + safetext.Line(sug.ConfidenceCue)
		}
		add("confidence", conf, "")
	}
	var sr, dr safetext.Text
	if sug != nil {
		sr = p.text(sug.Rationale)
	}
	if dec != nil {
		dr = p.text(dec.Rationale)
		if strings.TrimSpace(dec.Rationale) == "" {
			dr = "(none given)"
		}
	}
	add("rationale", sr, dr)
	var need, approvals safetext.Text
	if a := s.Action(); a != nil {
		_, tier := pol.Classify(*a, s.TargetAsset)
		need = "needs " + safetext.Line(rules.Requirement(tier))
	}
	if dec != nil {
		approvals = idx.person(dec.Owner) + " (owner)"
		for _, a := range dec.Approvals {
			approvals += "; " + idx.person(a.By) + " at " + stamp(a.At)
		}
	}
	add("approvals", need, approvals)
	var sAt, dAt safetext.Text
	if sug != nil {
		sAt = stamp(sug.At)
		if sug.Rank > 0 {
			sAt += " · rank " + safetext.Text(strconv.Itoa(sug.Rank))
		}
		if sug.ExpiresAt != nil {
			sAt += " · expires " + stamp(*sug.ExpiresAt)
		}
	}
	if dec != nil {
		dAt = stamp(dec.At)
	}
	add("at", sAt, dAt)
	var cited, reviewed safetext.Text
	if sug != nil {
		cited = "cited " + orNoneIDs(sug.Evidence)
	}
	if dec != nil {
		reviewed = "reviewed " + orNoneIDs(dec.EvidenceReviewed)
	}
	add("evidence", cited, reviewed)
	var offered, rejected []string
	if sug != nil {
		for _, a := range sug.Alternatives {
			offered = append(offered, string(actionText(&a)))
		}
	}
	if dec != nil {
		for _, r := range dec.AlternativesRejected {
			rejected = append(rejected, string(actionText(&r.Action))+": "+string(safetext.Line(r.Reason)))
		}
	}
	add("other ways", listText("offered", offered), listText("rejected", rejected))
	if sug != nil {
		if chain := model.AgentChain(idx.Agents, sug.Agent); len(chain) > 1 {
			names := make([]string, len(chain))
			for i, a := range chain {
				names[len(chain)-1-i] = a.ID
			}
			add("chain", safetext.Line(strings.Join(names, " → ")), "")
		}
	}
	return rows
}

func decisionTitle(s *model.Step) safetext.Text {
	d := s.FinalDecision()
	if d == nil {
		return common.TitleHuman
	}
	t := common.TitleHuman + " · " + safetext.Line(d.ID)
	if len(s.Decisions) > 1 {
		t += " · final"
	}
	return t
}

func agentText(e *model.Event, idx rosterIndex) safetext.Text {
	ag, ok := idx.Agents[e.Agent]
	if !ok {
		return safetext.Line(e.Agent) + " (not a known agent)"
	}
	who := safetext.Line(ag.Name) + " (" + safetext.Line(ag.ID) + ")"
	if mv := strings.TrimSpace(ag.Model + " " + ag.Version); mv != "" {
		who += " · " + safetext.Line(mv)
	}
	return who
}

// ownerText is the decision's owner and outcome, or what stands instead of
// a decision.
func ownerText(s *model.Step, idx rosterIndex) safetext.Text {
	d := s.FinalDecision()
	switch {
	case d != nil:
		return idx.person(d.Owner) + " · " + safetext.Line(string(d.Outcome))
	case len(s.Executions) > 0:
		return "no human decision: " + safetext.Line(s.Executions[0].ID) + " carried it out on the AI's word"
	}
	return "no decision yet: pending"
}

func actionType(a *model.Action) safetext.Text {
	if a == nil {
		return ""
	}
	return safetext.Line(a.Type)
}

func targetText(a *model.Action, asset *model.Asset) safetext.Text {
	if a == nil || a.Target == "" {
		return ""
	}
	t := safetext.Line(a.Target)
	if asset != nil && asset.ID == a.Target {
		t += " (" + safetext.Line(string(asset.Kind))
		if asset.Privileged {
			t += ", privileged"
		}
		t += ")"
	}
	return t
}

func detailOf(p *page, a *model.Action) safetext.Text {
	if a == nil {
		return ""
	}
	return p.text(a.Detail)
}

func tierOf(pol *rules.Policy, a *model.Action, target *model.Asset) safetext.Text {
	if a == nil {
		return ""
	}
	class, tier := pol.Classify(*a, target)
	return safetext.Line(string(tier) + " " + string(class))
}

func orNoneIDs(list []string) safetext.Text {
	if len(list) == 0 {
		return "none"
	}
	return ids(list)
}

func listText(verb string, items []string) safetext.Text {
	if len(items) == 0 {
		return ""
	}
	return safetext.Text(verb + " " + strings.Join(items, "\n"+verb+" "))
}

// cellLines wraps a cell's text to its width; line breaks in it are kept.
func cellLines(t safetext.Text, w int) []string {
	if t == "" {
		return nil
	}
	return common.WrapText(t, w, " -")
}

// cell is line i of a cell, padded to its width (blank past its end).
func cell(lines []string, i, w int) string {
	if i >= len(lines) {
		return strings.Repeat(" ", w)
	}
	return common.Fit(lines[i], w)
}

// evidenceColumn lists the step's evidence for the column beside the
// comparison: each record, when it was collected against the step's
// moment (AFTER in the error style), by whom, and its summary.
func evidenceColumn(p *page, s *model.Step, idx rosterIndex, w int) []string {
	if len(s.Evidence) == 0 {
		return []string{common.Paint(p.st.Muted, common.Pad("none cited, reviewed or collected for the target", w))}
	}
	ref := s.Reference()
	shown, hidden := s.Evidence, 0
	if p.cap > 0 && ref != nil {
		shown, hidden = nearEvidence(s, ref.At)
	}
	var out []string
	// add wraps t under an indent, so a record's lines hang under its id.
	add := func(st func(safetext.Text) string, indent int, t safetext.Text) {
		pad := strings.Repeat(" ", indent)
		for _, l := range cellLines(t, w-indent) {
			out = append(out, st(common.Pad(safetext.Text(pad+l), w)))
		}
	}
	plain := func(t safetext.Text) string { return string(t) }
	for _, ev := range shown {
		head := safetext.Line(ev.ID) + " " + safetext.Line(ev.Kind)
		if ev.Asset != "" {
			head += " on " + safetext.Line(ev.Asset) + idx.assetAlike(ev.Asset)
		}
		add(func(t safetext.Text) string { return common.Paint(p.st.Bold, t) }, 0, head)
		when := "by " + safetext.Line(ev.CollectedBy)
		if ref != nil {
			rel := relative(ev.CollectedAt, ref.At, string(ref.Kind))
			if ev.CollectedAt.After(ref.At) {
				add(func(t safetext.Text) string { return common.Paint(p.st.FindingError, t) }, 2, rel+" "+when)
			} else {
				add(plain, 2, rel+" "+when)
			}
		} else {
			add(plain, 2, when)
		}
		if ev.Summary != "" {
			sum := p.text(ev.Summary)
			if p.cap > 0 {
				sum = safetext.LineWidth(ev.Summary, 2*w-4) // two lines beside the step; e shows it whole
			}
			add(plain, 2, sum)
		}
	}
	if hidden > 0 || s.EvidenceOmitted > 0 {
		add(plain, 0, omittedNote(hidden, s.EvidenceOmitted))
	}
	return out
}

// executionsPage lists what ran, or says nothing did.
func executionsPage(p *page, s *model.Step) {
	if len(s.Executions) == 0 {
		if s.Action() != nil {
			p.title(func(t safetext.Text) string { return common.Paint(p.st.Exec, t) }, common.TitleExec)
			p.field("", "nothing ran")
		}
		return
	}
	p.title(func(t safetext.Text) string { return common.Paint(p.st.Exec, t) }, common.TitleExec)
	for i := range s.Executions {
		x := &s.Executions[i]
		how := safetext.Text("by a person")
		if x.Automated {
			how = "automated"
		}
		p.field(safetext.Line(x.ID), safetext.Line(x.Actor)+" · "+how+" · "+stamp(x.At)+" · "+safetext.Line(string(x.Result)))
	}
}
