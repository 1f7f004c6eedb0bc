package review

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// The step-by-step section of the Markdown report. Advice, decision and
// execution each get their own bold label, so they are never confused.

func (m *md) step(n int, s *ReportStep) {
	tier := "no tier"
	if s.Tier != "" {
		tier = "tier " + mdText(string(s.Tier))
	}
	m.line("### %d. %s: %s (%s)", n, mdText(s.Subject), mdText(describe(s.step.Action())), tier)
	m.blank()
	if s.Suggestion != nil {
		m.suggestion(s.Suggestion)
	} else {
		m.line("No AI suggestion: a human-originated action.")
		m.blank()
	}
	for i := range s.step.Decisions {
		m.decision(&s.step.Decisions[i])
	}
	if s.Suggestion != nil && s.Decision == nil && len(s.Executions) == 0 {
		m.line("**Human decision**: none yet.")
		m.blank()
	}
	if len(s.proposal.Diff) > 0 {
		m.line("**Change from the suggestion** (~~removed~~, **added**): %s", diffMarkdown(s.proposal.Diff))
		m.blank()
	}
	for i := range s.Executions {
		m.execution(&s.Executions[i])
	}
	m.evidence(s)
	m.verdicts(s)
	m.line("**Findings**")
	m.blank()
	if len(s.Findings) == 0 {
		m.line("None.")
	}
	for _, f := range s.Findings {
		m.line("%s", m.findingItem(f))
	}
	m.blank()
}

func actionLine(a *model.Action) string {
	if a == nil {
		return "none stated"
	}
	s := mdText(describe(a))
	if a.Detail != "" {
		s += ": " + mdText(a.Detail)
	}
	return s
}

func ids(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	out := make([]string, len(list))
	for i, id := range list {
		out[i] = mdText(id)
	}
	return strings.Join(out, ", ")
}

func (m *md) agentLine(id string) string {
	a, ok := m.r.agents[id]
	if !ok {
		return mdText(id) + " (not a known agent)"
	}
	parts := []string{fmt.Sprintf("%s (%s)", mdText(a.Name), mdText(a.ID)), mdText(string(a.Role))}
	mv := strings.TrimSpace(a.Model + " " + a.Version)
	if mv == "" {
		mv = "model not recorded"
	}
	parts = append(parts, mdText(mv))
	if a.Parent != "" {
		parts = append(parts, "acting on the output of "+mdText(a.Parent))
	}
	return strings.Join(parts, ", ")
}

func (m *md) suggestion(e *model.Event) {
	m.line("**AI suggestion** %s at %s from %s", mdText(e.ID), m.when(e.At), m.agentLine(e.Agent))
	m.blank()
	m.line("- Action: %s", actionLine(e.Action))
	conf := "not given"
	if e.Confidence != nil {
		conf = strconv.FormatFloat(*e.Confidence, 'f', -1, 64)
	}
	cue := "none"
	if e.ConfidenceCue != "" {
		cue = mdText(e.ConfidenceCue)
	}
	m.line("- Confidence: %s; cue: %s", conf, cue)
	if e.Rank != 0 {
		m.line("- Rank: %d", e.Rank)
	}
	if e.Rationale != "" {
		m.line("- Rationale: %s", mdText(e.Rationale))
	}
	m.line("- Evidence cited: %s", ids(e.Evidence))
	for _, a := range e.Alternatives {
		m.line("- Alternative offered: %s", actionLine(&a))
	}
	if e.ExpiresAt != nil {
		m.line("- Expires: %s", m.when(*e.ExpiresAt))
	}
	m.blank()
}

func (m *md) decision(d *model.Event) {
	proofs := m.policy().DecisionProofs(m.r.Incident.ID, d)
	m.line("**Human decision** %s at %s by %s: %s", mdText(d.ID), m.when(d.At), m.proven(d.Owner, proofs[0]), mdText(string(d.Outcome)))
	m.blank()
	if d.Action != nil {
		m.line("- Action: %s", actionLine(d.Action))
	}
	rationale := "none recorded"
	if strings.TrimSpace(d.Rationale) != "" {
		rationale = mdText(d.Rationale)
	}
	m.line("- Rationale: %s", rationale)
	m.line("- Evidence reviewed: %s", ids(d.EvidenceReviewed))
	for i, a := range d.Approvals {
		m.line("- Approved by %s at %s", m.proven(a.By, proofs[1+i]), m.when(a.At))
	}
	for _, alt := range d.AlternativesRejected {
		m.line("- Alternative rejected: %s, because %s", actionLine(&alt.Action), mdText(alt.Reason))
	}
	m.blank()
}

func (m *md) execution(x *model.Event) {
	of := x.Decision
	if of == "" {
		of = x.Suggestion + " (no decision)"
	}
	by, how := m.actor(x)
	m.line("**Execution** %s at %s by %s, %s, carrying out %s: %s", mdText(x.ID), m.when(x.At), by, how, mdText(of), mdText(string(x.Result)))
	m.blank()
}

// actor is who ran an execution and how. An agent is named as one, and
// its run is automated whatever the record's flag says (the flag says
// whether a human pressed the button), as the auto-privileged rule reads
// it. A person or an automation's free name is shown as recorded.
func (m *md) actor(x *model.Event) (by, how string) {
	by = mdText(x.Actor)
	how = "by hand"
	if x.Automated {
		how = "automated"
	}
	if _, ok := m.r.agents[x.Actor]; ok {
		by = m.who(x.Actor)
		if !x.Automated {
			how = "automated (an agent; the record says not automated)"
		}
	}
	return by, how
}

// evidence lists what the step cites or reviews, and for each asset its
// actions target the first record collected, with how many others exist:
// on a huge incident an asset may have thousands, so they are counted
// (Report.assetEvidence), never walked per step. The step carries every
// record listed (model.StepWalker says which).
func (m *md) evidence(s *ReportStep) {
	shown := map[string]bool{}
	var list []model.Evidence
	byID := make(map[string]int, len(s.step.Evidence))
	for i, ev := range s.step.Evidence {
		byID[ev.ID] = i
	}
	show := func(ids []string) {
		for _, id := range ids {
			if i, ok := byID[id]; ok && !shown[id] {
				shown[id] = true
				list = append(list, s.step.Evidence[i])
			}
		}
	}
	show(s.step.CitedEvidence())
	targets := s.step.Targets()
	for _, t := range targets {
		// The step's evidence is in collection order: the first for t is
		// the asset's first.
		for _, ev := range s.step.Evidence {
			if ev.Asset == t {
				show([]string{ev.ID})
				break
			}
		}
	}
	model.SortEvidence(list)
	var ref *model.Event
	switch {
	case len(s.Executions) > 0:
		ref = &s.Executions[0]
	case s.Decision != nil:
		ref = s.Decision
	}
	m.line("**Evidence**")
	m.blank()
	if len(list) == 0 {
		m.line("None recorded for this step.")
	}
	perAsset := map[string]int{}
	for i := range list {
		perAsset[list[i].Asset]++
		m.line("%s", m.evidenceLine(&list[i], ref))
	}
	for _, t := range targets {
		if more := m.r.assetEvidence[t] - perAsset[t]; more > 0 {
			m.line("- and %s for %s", plural(more, "more evidence record"), mdText(t))
		}
	}
	m.blank()
}

func (m *md) evidenceLine(ev *model.Evidence, ref *model.Event) string {
	on := ""
	if ev.Asset != "" {
		on = " on " + mdText(ev.Asset)
	}
	s := fmt.Sprintf("- %s (%s%s) collected %s by %s", mdText(ev.ID), mdText(ev.Kind), on, m.when(ev.CollectedAt), mdText(ev.CollectedBy))
	if ref != nil {
		s += ", " + relative(ev.CollectedAt, ref.At) + " " + mdText(ref.ID)
	}
	if ev.Summary != "" {
		s += ": " + mdText(ev.Summary)
	}
	return s
}

// relative says when t was against ref, shouting AFTER so it is not missed.
func relative(t, ref time.Time) string {
	switch {
	case t.Before(ref):
		return between(t, ref) + " before"
	case t.After(ref):
		return between(ref, t) + " AFTER"
	}
	return "at the same moment as"
}

func (m *md) verdicts(s *ReportStep) {
	m.line("**Review**")
	m.blank()
	proposed := "none"
	if s.proposal.Verdict != "" {
		proposed = mdText(string(s.proposal.Verdict))
	}
	m.line("- Proposed: %s (%s)", proposed, mdText(s.proposal.Reason))
	if len(s.History) == 0 {
		m.line("- Recorded: no verdict yet")
	}
	for i := len(s.History) - 1; i >= 0; i-- {
		label := "Recorded"
		if i < len(s.History)-1 {
			label = "Superseded"
		}
		h := s.History[i]
		note := ""
		if h.Note != "" {
			note = ": " + mdText(h.Note)
		}
		m.line("- %s: %s by %s at %s; outcome changed: %s; AI correct: %s%s", label, mdText(string(h.Verdict)),
			m.proven(h.Reviewer, h.proof), m.when(h.At), mdText(string(h.OutcomeChanged)), mdText(string(h.AICorrect)), note)
	}
	m.blank()
}

// diffMarkdown shows removed words struck through and added words in bold,
// keeping whitespace outside the markers so they render.
func diffMarkdown(spans []DiffSpan) string {
	var b strings.Builder
	for _, sp := range spans {
		if sp.Op == DiffEqual {
			b.WriteString(mdText(sp.Text))
			continue
		}
		mark := "**"
		if sp.Op == DiffDelete {
			mark = "~~"
		}
		core := strings.TrimSpace(sp.Text)
		if core == "" {
			b.WriteString(mdText(sp.Text))
			continue
		}
		lead := sp.Text[:strings.Index(sp.Text, core)]
		trail := sp.Text[len(lead)+len(core):]
		b.WriteString(mdText(lead) + mark + mdText(core) + mark + mdText(trail))
	}
	return b.String()
}
