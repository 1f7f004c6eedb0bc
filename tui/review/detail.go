package review

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	rules "github.com/signoff/signoff/review"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/safetext"
)

// rosterIndex looks up the people, agents and assets of an incident.
type rosterIndex struct{ model.RosterIndex }

func newRosterIndex(r model.Roster) rosterIndex { return rosterIndex{r.Index()} }

// fieldCap bounds one field in the step pane; the evidence view (e) shows
// fields whole.
const fieldCap = 16 << 10

// page builds the lines of a detail pane at a width. Every value goes
// through safetext before a style touches it.
type page struct {
	st    *common.Styles
	width int
	cap   int // bytes shown of one field, 0 for no limit
	b     strings.Builder
}

func (p *page) title(style func(safetext.Text) string, t safetext.Text) {
	if p.b.Len() > 0 {
		p.b.WriteByte('\n')
	}
	p.b.WriteString(ansi.Truncate(style(t), p.width, safetext.Ellipsis))
	p.b.WriteByte('\n')
}

// labelW is the width of the label column; values wrap beside it.
const labelW = 12

// field writes "label value", the value wrapped under itself.
func (p *page) field(label safetext.Text, value safetext.Text) {
	if value == "" {
		return
	}
	w := max(8, p.width-labelW-2)
	lines := common.WrapText(value, w, " -")
	for i, l := range lines {
		lab := safetext.Text("")
		if i == 0 {
			lab = label
		}
		p.b.WriteString("  " + common.Paint(p.st.Label, common.Pad(lab, labelW)) + l + "\n")
	}
}

// text is a long untrusted field: kept to the cap, line breaks kept.
func (p *page) text(s string) safetext.Text {
	if p.cap > 0 && len(s) > p.cap {
		n := p.cap
		for n > 0 && !utf8.RuneStart(s[n]) {
			n-- // cut between characters
		}
		return safetext.Block(s[:n]) + safetext.Text(fmt.Sprintf("… (%d more bytes: press e for the whole record)", len(s)-n))
	}
	return safetext.Block(s)
}

func (p *page) line(s string) { p.b.WriteString(ansi.Truncate(s, p.width, safetext.Ellipsis) + "\n") }

func (p *page) String() string { return strings.TrimRight(p.b.String(), "\n") }

func stamp(t time.Time) safetext.Text {
	return safetext.Text(t.UTC().Format("2006-01-02 15:04:05Z"))
}

func (x rosterIndex) person(id string) safetext.Text {
	p, ok := x.People[id]
	if !ok {
		if a, isAgent := x.Agents[id]; isAgent {
			return safetext.Line(a.Name) + " (" + safetext.Line(id) + ", an AI agent, not a person)" + x.whoAlike(id)
		}
		return safetext.Line(id) + " (not a known person)"
	}
	s := safetext.Line(p.Name) + " (" + safetext.Line(id)
	if p.Role != "" {
		s += ", " + safetext.Line(p.Role)
	}
	return s + ")" + x.whoAlike(id)
}

func actionText(a *model.Action) safetext.Text {
	if a == nil {
		return "(none)"
	}
	s := safetext.Line(a.Type)
	if a.Target != "" {
		s += " → " + safetext.Line(a.Target)
	}
	return s
}

// targetAlike marks an action's target that reads like another asset.
func (x rosterIndex) targetAlike(a *model.Action) safetext.Text {
	if a == nil {
		return ""
	}
	return x.assetAlike(a.Target)
}

func ids(list []string) safetext.Text { return safetext.Line(strings.Join(list, ", ")) }

// stepPage renders a review step: advice, decision, execution, evidence,
// findings and the review bar, each under its own labelled title; side by
// side on a wide screen.
func stepPage(p *page, s *model.Step, idx rosterIndex, pol *rules.Policy, fs []rules.Finding) {
	if p.width >= common.Wide {
		comparePage(p, s, idx, pol, fs)
		return
	}
	if sug := s.Suggestion; sug != nil {
		p.title(func(t safetext.Text) string { return common.Paint(p.st.AI, t) }, common.TitleAI+" · "+safetext.Line(sug.ID))
		suggestionFields(p, sug, idx, pol, s.TargetAsset)
	}
	for i := range s.Decisions {
		d := &s.Decisions[i]
		t := common.TitleHuman + " · " + safetext.Line(d.ID)
		if i == len(s.Decisions)-1 && len(s.Decisions) > 1 {
			t += " · final"
		}
		p.title(func(t safetext.Text) string { return common.Paint(p.st.Human, t) }, t)
		decisionFields(p, s.Incident, d, idx, pol, s.TargetAsset)
	}
	if s.Suggestion != nil {
		if fd := s.FinalDecision(); fd != nil && fd.Action != nil && !model.SameAction(s.Suggestion.Action, fd.Action) {
			p.title(func(t safetext.Text) string { return common.Paint(p.st.Bold, t) }, "± SUGGESTED → FINAL ([-removed-] {+added+})")
			p.field("diff", diffText(p.st, rules.ActionDiff(s.Suggestion.Action, fd.Action)))
		}
	}
	executionsPage(p, s)
	evidencePage(p, s, idx)
	findingsPage(p, fs)
	reviewBar(p, s, idx, pol)
}

func suggestionFields(p *page, e *model.Event, idx rosterIndex, pol *rules.Policy, target *model.Asset) {
	ag, ok := idx.Agents[e.Agent]
	who := safetext.Line(e.Agent)
	if ok {
		who = safetext.Line(ag.Name) + " (" + safetext.Line(ag.ID) + ") · " + safetext.Line(string(ag.Role))
		if ag.Model != "" || ag.Version != "" {
			who += " · " + safetext.Line(ag.Model) + " " + safetext.Line(ag.Version)
		}
	}
	p.field("agent", who)
	if chain := model.AgentChain(idx.Agents, e.Agent); len(chain) > 1 {
		names := make([]string, len(chain))
		for i, a := range chain {
			names[len(chain)-1-i] = a.ID
		}
		p.field("chain", safetext.Line(strings.Join(names, " → ")))
	}
	p.field("action", actionText(e.Action)+idx.targetAlike(e.Action))
	if e.Action != nil {
		p.field("detail", p.text(e.Action.Detail))
		p.field("tier", tierText(pol, *e.Action, target))
	}
	if e.Confidence != nil {
		p.field("confidence", safetext.Text(strconv.FormatFloat(*e.Confidence, 'f', 2, 64))+" · "+safetext.Line(e.ConfidenceCue))
	} else {
		p.field("confidence", "not given · "+safetext.Line(e.ConfidenceCue))
	}
	if e.Rank > 0 {
		p.field("rank", safetext.Text(strconv.Itoa(e.Rank)))
	}
	p.field("at", stamp(e.At))
	p.field("rationale", p.text(e.Rationale))
	p.field("cited", ids(e.Evidence))
	for _, a := range e.Alternatives {
		// The detail follows the target after a colon, as in the
		// timeline's rows and the decision's "rejected" lines: run on
		// with a space, "→ gh-pat-erik Create a …" read as one name.
		offered := actionText(&a)
		if a.Detail != "" {
			offered += ": " + safetext.Line(a.Detail)
		}
		p.field("offered", offered)
	}
	if e.ExpiresAt != nil {
		p.field("expires", stamp(*e.ExpiresAt))
	}
}

// decisionFields renders decision d of incident inc. Its signatures are
// judged here, by the policy's roster as the findings judge them, so
// "signed" is said only of one that holds (a few microseconds each, and
// the pane renders when a step loads or the terminal is resized).
func decisionFields(p *page, inc string, d *model.Event, idx rosterIndex, pol *rules.Policy, target *model.Asset) {
	proofs := pol.DecisionProofs(inc, d)
	p.field("owner", idx.person(d.Owner))
	if pr := proofText(p.st, proofs[0]); pr != "" {
		p.field("proven", pr)
	}
	p.field("outcome", safetext.Line(string(d.Outcome)))
	p.field("action", actionText(d.Action)+idx.targetAlike(d.Action))
	if d.Action != nil {
		p.field("detail", p.text(d.Action.Detail))
		p.field("tier", tierText(pol, *d.Action, target))
	}
	p.field("at", stamp(d.At))
	p.field("rationale", p.text(d.Rationale))
	if d.Rationale == "" {
		p.field("rationale", "(none given)")
	}
	for i, a := range d.Approvals {
		p.field("approved", idx.person(a.By)+" at "+stamp(a.At)+proofNote(p.st, proofs[1+i]))
	}
	p.field("reviewed", ids(d.EvidenceReviewed))
	for _, r := range d.AlternativesRejected {
		p.field("rejected", actionText(&r.Action)+": "+safetext.Line(r.Reason))
	}
}

func tierText(pol *rules.Policy, a model.Action, target *model.Asset) safetext.Text {
	class, tier := pol.Classify(a, target)
	return safetext.Line(string(tier)+" "+string(class)) + " · needs " + safetext.Line(rules.Requirement(tier))
}

// diffText marks removed and added words so the diff reads without colour.
func diffText(st *common.Styles, spans []rules.DiffSpan) safetext.Text {
	var b strings.Builder
	for _, sp := range spans {
		t := safetext.Line(sp.Text)
		switch sp.Op {
		case rules.DiffInsert:
			b.WriteString(common.Paint(st.DiffInsert, "{+"+t+"+}"))
		case rules.DiffDelete:
			b.WriteString(common.Paint(st.DiffDelete, "[-"+t+"-]"))
		default:
			b.WriteString(string(t))
		}
	}
	return safetext.Text(b.String())
}

func evidencePage(p *page, s *model.Step, idx rosterIndex) {
	if len(s.Evidence) == 0 {
		return
	}
	p.title(func(t safetext.Text) string { return common.Paint(p.st.Evidence, t) }, common.TitleEvidence)
	var ref time.Time
	var what string
	refEvent := s.Reference()
	ok := refEvent != nil
	if ok {
		ref, what = refEvent.At, string(refEvent.Kind)
	}
	shown, hidden := s.Evidence, 0
	if p.cap > 0 && ok {
		shown, hidden = nearEvidence(s, ref)
	}
	for _, ev := range shown {
		line := safetext.Line(ev.Kind)
		if ev.Asset != "" {
			line += " on " + safetext.Line(ev.Asset) + idx.assetAlike(ev.Asset)
		}
		if ok {
			rel := relative(ev.CollectedAt, ref, what)
			if ev.CollectedAt.After(ref) {
				line += " · " + safetext.Text(common.Paint(p.st.FindingError, rel))
			} else {
				line += " · " + rel
			}
		}
		line += " · by " + safetext.Line(ev.CollectedBy)
		p.field(safetext.Line(ev.ID), line)
		p.field("", safetext.Line(ev.Summary))
	}
	if hidden > 0 || s.EvidenceOmitted > 0 {
		p.field("", omittedNote(hidden, s.EvidenceOmitted))
	}
}

// omittedNote says how many of the asset's records the pane leaves out and
// where to read them: the evidence view holds what the store carried, the
// timeline every record (the store trims a busy asset's records).
func omittedNote(hidden, omitted int) safetext.Text {
	if omitted == 0 {
		return safetext.Text("… and " + common.Count(hidden, "more record") + " for the same asset (e shows them all)")
	}
	return safetext.Text(fmt.Sprintf("… and %s for the same asset (e shows %d; all are on the timeline)", common.Count(hidden+omitted, "more record"), hidden))
}

// nearMax is how many uncited evidence records the step pane shows on
// each side of the reference moment; the evidence view shows them all.
const nearMax = 3

// nearEvidence keeps the evidence a step cites or reviewed, and of the
// rest of the target asset's records the few collected nearest before and
// after the reference moment, so a step on a busy asset stays readable.
func nearEvidence(s *model.Step, ref time.Time) ([]model.Evidence, int) {
	if len(s.Evidence) <= 2*nearMax+4 {
		return s.Evidence, 0
	}
	cited := map[string]bool{}
	for _, id := range s.CitedEvidence() {
		cited[id] = true
	}
	var before, after []int
	for i, ev := range s.Evidence {
		switch {
		case cited[ev.ID]:
		case ev.CollectedAt.After(ref):
			after = append(after, i)
		default:
			before = append(before, i)
		}
	}
	sort.Slice(before, func(a, b int) bool { return s.Evidence[before[a]].CollectedAt.After(s.Evidence[before[b]].CollectedAt) })
	sort.Slice(after, func(a, b int) bool { return s.Evidence[after[a]].CollectedAt.Before(s.Evidence[after[b]].CollectedAt) })
	keep := map[int]bool{}
	for _, i := range before[:min(nearMax, len(before))] {
		keep[i] = true
	}
	for _, i := range after[:min(nearMax, len(after))] {
		keep[i] = true
	}
	var out []model.Evidence
	for i, ev := range s.Evidence {
		if cited[ev.ID] || keep[i] {
			out = append(out, ev)
		}
	}
	return out, len(s.Evidence) - len(out)
}

// relative says when evidence was collected against the reference moment:
// "collected 7 min before execution", "collected 6 min AFTER execution".
func relative(at, ref time.Time, what string) safetext.Text {
	d := ref.Sub(at)
	switch {
	case d == 0:
		return safetext.Text("collected at the moment of " + what)
	case d > 0:
		return safetext.Text("collected " + span(d) + " before " + what)
	default:
		return safetext.Text("collected " + span(-d) + " AFTER " + what)
	}
}

func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + " s"
	case d < 2*time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h " + strconv.Itoa(int(d%time.Hour/time.Minute)) + " min"
	default:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	}
}

func findingsPage(p *page, fs []rules.Finding) {
	if len(fs) == 0 {
		return
	}
	p.title(func(t safetext.Text) string { return common.Paint(p.st.FindingError, t) }, common.TitleFindings)
	for _, f := range fs {
		mark, st := safetext.Text("✖ error"), p.st.FindingError
		if f.Level != "error" {
			mark, st = "△ warning", p.st.FindingWarning
		}
		p.field(safetext.Text(common.Paint(st, mark)), safetext.Line(f.Code)+" · "+safetext.Line(f.Subject)+": "+safetext.Line(f.Message))
	}
}

// reviewBar shows the proposed verdict, the verdict in force and the
// superseded ones, newest first.
func reviewBar(p *page, s *model.Step, idx rosterIndex, pol *rules.Policy) {
	p.title(func(t safetext.Text) string { return common.Paint(p.st.Bold, t) }, common.TitleReview+" · "+safetext.Line(s.Subject))
	prop := rules.ProposeVerdict(*s)
	if prop.Verdict == "" {
		// Nothing to accept: the reason says why, and a offers nothing.
		p.field("proposed", "nothing · "+safetext.Line(prop.Reason))
	} else {
		p.field("proposed", safetext.Text(common.Paint(p.st.Proposed, verdictWord(prop.Verdict)))+" · "+safetext.Line(prop.Reason)+" (a accepts)")
	}
	cur := s.LatestReview()
	if cur == nil {
		p.field("verdict", "○ not reviewed yet")
		return
	}
	p.field("verdict", safetext.Text(common.Paint(p.st.Current, "✓ "+verdictWord(cur.Verdict)))+" · "+reviewSummary(p.st, s, len(s.Reviews)-1, idx, pol))
	p.field("note", safetext.Block(cur.Note))
	for i := len(s.Reviews) - 2; i >= 0; i-- {
		r := &s.Reviews[i]
		p.field("superseded", safetext.Text(common.Paint(p.st.Superseded, verdictWord(r.Verdict)+" · "+reviewSummary(p.st, s, i, idx, pol))))
	}
}

// reviewSummary is verdict s.Reviews[i]'s line, its signature judged in
// its place among the step's verdicts.
func reviewSummary(st *common.Styles, s *model.Step, i int, idx rosterIndex, pol *rules.Policy) safetext.Text {
	r := &s.Reviews[i]
	return "outcome changed " + safetext.Line(string(r.OutcomeChanged)) + " · AI correct " + safetext.Line(string(r.AICorrect)) +
		" · by " + idx.person(r.Reviewer) + " at " + stamp(r.At) + proofNote(st, pol.VerdictProof(s.Incident, s.Reviews, i))
}

// proofText is common.Proof, a signature that does not hold painted as
// an error.
func proofText(st *common.Styles, pr rules.Proof) safetext.Text {
	t := common.Proof(pr)
	if common.ProofBroken(pr) {
		return safetext.Text(common.Paint(st.FindingError, t))
	}
	return t
}

// proofNote is proofText as a tail to a line: " · SHA256:… (signed)".
func proofNote(st *common.Styles, pr rules.Proof) safetext.Text {
	if t := proofText(st, pr); t != "" {
		return " · " + t
	}
	return ""
}

func verdictWord(v model.Verdict) safetext.Text {
	switch v {
	case model.VerdictFollowed:
		return "followed"
	case model.VerdictModified:
		return "modified"
	case model.VerdictIgnored:
		return "ignored"
	case model.VerdictNone:
		return "none (no AI)"
	}
	return safetext.Line(string(v))
}

// eventPage renders a row outside any step: an alert, telemetry, a note,
// comms.
func eventPage(p *page, e *model.Event) {
	kind := common.KindGlyph(e.Kind)
	p.title(func(t safetext.Text) string { return common.Paint(p.st.Kinds[e.Kind], t) }, kind+" · "+safetext.Line(e.ID))
	p.field("at", stamp(e.At))
	p.field("source", safetext.Line(e.Source))
	p.field("by", safetext.Line(e.Actor))
	p.field("summary", p.text(e.Summary))
	p.field("detail", p.text(e.Detail))
	p.field("evidence", ids(e.Evidence))
}

// evidenceRecord renders one evidence record.
func evidenceRecord(p *page, ev *model.Evidence) {
	p.title(func(t safetext.Text) string { return common.Paint(p.st.Evidence, t) }, common.TitleEvidence+" · "+safetext.Line(ev.ID))
	p.field("kind", safetext.Line(ev.Kind))
	p.field("asset", safetext.Line(ev.Asset))
	p.field("collected", stamp(ev.CollectedAt)+" by "+safetext.Line(ev.CollectedBy))
	p.field("sha256", safetext.Line(ev.SHA256))
	p.field("uri", safetext.Line(ev.URI))
	p.field("summary", p.text(ev.Summary))
}
