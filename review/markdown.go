package review

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/signoff/signoff/model"
)

// Markdown renders the report for people: a summary first, then every step,
// coverage, the audit chain and the framework mapping. All incident text is
// escaped (mdText), so it cannot change the document's structure or reach a
// terminal as a control sequence. Same report, same bytes.
func (r Report) Markdown() string {
	var b strings.Builder
	m := newMD(&r, &b)
	t := &tally{}
	for i := range r.Steps {
		t.add(m, &r.Steps[i])
	}
	m.head(t)
	for i := range r.Steps {
		m.step(i+1, &r.Steps[i])
	}
	m.tail(t)
	m.out.Flush()
	return strings.TrimRight(b.String(), "\n") + "\n"
}

type md struct {
	r   *Report
	day string // the day the incident opened: other days are written out
	out *bufio.Writer
}

func newMD(r *Report, w io.Writer) *md {
	return &md{r: r, day: reportMoments(r.Incident.OpenedAt).day, out: bufio.NewWriterSize(w, 64<<10)}
}

func (m *md) line(format string, args ...any) {
	fmt.Fprintf(m.out, format, args...)
	m.out.WriteByte('\n')
}

func (m *md) blank() { m.out.WriteByte('\n') }

// policy judges the signatures the report names: the report's, or the
// default policy for a report not built by a ReportBuilder.
func (m *md) policy() *Policy {
	if m.r.policy != nil {
		return m.r.policy
	}
	return DefaultPolicy()
}

// head is what comes before the steps: the incident, its status history
// and the summary.
func (m *md) head(t *tally) {
	m.header()
	m.statusHistory()
	m.summary(t)
	m.line("## Steps")
	m.blank()
	if t.steps == 0 {
		m.line("No steps.")
		m.blank()
	}
}

// tail is what comes after them: coverage, the audit chain and the
// framework mapping.
func (m *md) tail(t *tally) {
	m.coverage(t)
	m.chain()
	m.mapping()
}

// tally is what the summary and the coverage say of the steps, gathered
// one step at a time: the lines they list, in step order.
type tally struct {
	steps, suggestions, human int
	owners                    []string // rows of the owner table
	influenced, ignored       []string
	pending                   []string
	open                      []string // subjects without a verdict
}

func (t *tally) add(m *md, s *ReportStep) {
	t.steps++
	if s.Suggestion != nil {
		t.suggestions++
	} else {
		t.human++
	}
	t.owners = append(t.owners, m.ownerRow(s))
	if s.Suggestion != nil {
		item, v := m.influenceItem(s)
		if v == model.VerdictNone {
			// "none" is no AI involved, which a suggestion always is: the
			// step is listed where the record puts it, the item saying
			// that the verdict disagrees, not left out of every list.
			v = s.proposal.Verdict
		}
		switch v {
		case model.VerdictFollowed, model.VerdictModified:
			t.influenced = append(t.influenced, item)
		case model.VerdictIgnored:
			t.ignored = append(t.ignored, item)
		case "":
			t.pending = append(t.pending, fmt.Sprintf("- %s: %s", mdText(s.Subject), mdText(s.proposal.Reason)))
		}
	}
	if s.Review == nil {
		t.open = append(t.open, mdText(s.Subject))
	}
}

// when is a time of day, with its date wherever the day differs from the
// one the incident opened on: as the report's findings name times.
func (m *md) when(t time.Time) string { return moments{day: m.day}.at(t) }

func fullTime(t time.Time) string { return moments{}.at(t) }

// who names a person or agent with their id, escaped.
func (m *md) who(id string) string {
	if p, ok := m.r.people[id]; ok {
		return fmt.Sprintf("%s (%s)", mdText(p.Name), m.whoID(id))
	}
	if a, ok := m.r.agents[id]; ok {
		return fmt.Sprintf("agent %s (%s)", mdText(a.Name), m.whoID(id))
	}
	return mdText(id) + " (not a known person)"
}

// whoID is a person's or agent's id, escaped; where it reads like another
// of the incident's (stored before such ids were refused), both are named
// and spelt out, since on the page they look the same.
func (m *md) whoID(id string) string {
	twin, ok := m.r.alike.Of(id)
	if !ok {
		return mdText(id)
	}
	return mdText(id) + spelling(id) + ", which reads like " + mdText(twin) + spelling(twin)
}

// spelling is ", spelt \u0430lice" for an id that is not plain ASCII.
func spelling(id string) string {
	ascii := strconv.QuoteToASCII(id)
	if ascii == strconv.Quote(id) {
		return ""
	}
	return ", spelt " + mdText(ascii[1:len(ascii)-1])
}

// proven is who, with the key that proves it was them: "Alice Moreau
// (alice, SHA256:…, signed)" for a signature that holds (Proof, judged by
// the policy's roster as the findings judge it), "logged in" for a key a
// signoff serve session authenticated, and a signature that does not hold
// as "⚠ signature does not verify" (the signature-mismatch finding says
// why); just who when nothing proves it.
func (m *md) proven(id string, pr Proof) string {
	key := pr.Key
	var how string
	switch pr.State {
	case ProofNone:
		return m.who(id)
	case ProofLoggedIn:
		how = "logged in"
	case ProofSigned:
		how = "signed"
	case ProofUnlisted:
		how = "signature holds; no roster names whose key"
	default:
		how = "⚠ signature does not verify"
	}
	if p, ok := m.r.people[id]; ok {
		return fmt.Sprintf("%s (%s, %s, %s)", mdText(p.Name), m.whoID(id), mdText(key), how)
	}
	return fmt.Sprintf("%s (%s, %s)", m.who(id), mdText(key), how)
}

func (m *md) header() {
	inc := m.r.Incident
	m.line("# Accountability report: %s", mdText(inc.ID))
	m.blank()
	m.line("**%s**", mdText(inc.Title))
	m.blank()
	m.line("- Severity: %s · Status: %s", mdText(string(inc.Severity)), mdText(string(inc.Status)))
	m.line("- Opened: %s · %s", fullTime(inc.OpenedAt), closing(inc))
	m.line("- Times below are UTC, on %s unless a date is given", m.day)
	if inc.Commander != "" {
		m.line("- Commander: %s", m.who(inc.Commander))
	}
	if inc.Summary != "" {
		m.line("- Summary: %s", mdText(inc.Summary))
	}
	m.blank()
}

// closing says how the incident ended: "Resolved at …", "Closed at …",
// or that it has not.
func closing(inc model.Incident) string {
	word := "Closed"
	if st := string(inc.Status); st != "" {
		word = strings.ToUpper(st[:1]) + st[1:]
	}
	switch {
	case inc.ClosedAt != nil && (inc.Status == model.StatusResolved || inc.Status == model.StatusClosed):
		return word + " at " + fullTime(*inc.ClosedAt)
	case inc.ClosedAt != nil:
		return "Closed at " + fullTime(*inc.ClosedAt)
	case inc.Status == model.StatusOpen:
		return "Still open"
	case inc.Status == model.StatusContained:
		return "Contained, not yet resolved"
	}
	return word + "; no closing time recorded"
}

// verdictOf is the verdict in force: the latest review, else the proposal.
func verdictOf(s *ReportStep) (model.Verdict, bool) {
	if s.Review != nil {
		return s.Review.Verdict, true
	}
	return s.proposal.Verdict, false
}

func (m *md) summary(t *tally) {
	r := m.r
	m.line("## Summary")
	m.blank()
	m.line("%s (%s, %s); %s. Findings: %s. Audit chain: %s.",
		plural(t.steps, "review step"), plural(t.suggestions, "AI suggestion"), plural(t.human, "human-originated action"),
		r.Coverage.reviewedWords(), m.findingCounts(), chainWord(r.chain))
	m.blank()
	m.ownerTable(t)
	m.influence(t)
	m.trust()
	m.openFindings()
}

// findingCounts is "N errors and M warnings".
func (m *md) findingCounts() string {
	errs, warns := 0, 0
	for _, f := range m.r.Findings {
		if f.Level == LevelError {
			errs++
		} else {
			warns++
		}
	}
	return plural(errs, "error") + " and " + plural(warns, "warning")
}

func (m *md) ownerTable(t *tally) {
	m.line("### Owner per action")
	m.blank()
	if t.steps == 0 {
		m.line("No actions were suggested or decided.")
		m.blank()
		return
	}
	m.line("| Step | Action | Tier | Owner | Outcome | Executions |")
	m.line("| --- | --- | --- | --- | --- | --- |")
	for _, row := range t.owners {
		m.line("%s", row)
	}
	m.blank()
}

// owner is who owns a step and how it ended: the final decision's owner
// and outcome, else nobody, pending or auto-executed.
func (m *md) owner(s *ReportStep) (owner, outcome string) {
	owner, outcome = "nobody", "pending"
	if d := s.Decision; d != nil {
		owner, outcome = m.proven(d.Owner, m.policy().DecisionProofs(m.r.Incident.ID, d)[0]), string(d.Outcome)
	} else if len(s.Executions) > 0 {
		outcome = "auto-executed"
	}
	return owner, outcome
}

func (m *md) ownerRow(s *ReportStep) string {
	owner, outcome := m.owner(s)
	var xs []string
	for _, x := range s.Executions {
		xs = append(xs, fmt.Sprintf("%s %s", mdText(x.ID), mdText(string(x.Result))))
	}
	executions := Dash // each part is escaped already: escaping the cell again would show the backslashes
	if len(xs) > 0 {
		executions = strings.Join(xs, ", ")
	}
	return fmt.Sprintf("| %s | %s | %s | %s | %s | %s |", mdText(s.Subject), mdCell(describe(s.step.Action())),
		mdCell(string(s.Tier)), owner, mdCell(outcome), executions)
}

// influenceItem is a suggestion's line in "What the AI influenced" or
// "Where the AI was ignored", and the verdict that puts it there.
func (m *md) influenceItem(s *ReportStep) (string, model.Verdict) {
	v, reviewed := verdictOf(s)
	basis := "proposed: " + mdText(s.proposal.Reason)
	if reviewed {
		basis = fmt.Sprintf("reviewed by %s, outcome changed: %s, AI correct: %s",
			m.who(s.Review.Reviewer), mdText(string(s.Review.OutcomeChanged)), mdText(string(s.Review.AICorrect)))
		if p := s.proposal.Verdict; p != "" && p != v {
			basis += fmt.Sprintf("; **disagrees with the record**, which shows %s", mdText(s.proposal.Reason))
		}
	}
	return fmt.Sprintf("- %s from %s, %s: **%s** (%s)", mdText(s.Subject), m.who(s.Suggestion.Agent),
		mdText(describe(s.Suggestion.Action)), mdText(string(v)), basis), v
}

func (m *md) influence(t *tally) {
	section := func(title, none string, items []string) {
		m.line("### %s", title)
		m.blank()
		if len(items) == 0 {
			m.line("%s", none)
		}
		for _, it := range items {
			m.line("%s", it)
		}
		m.blank()
	}
	section("What the AI influenced", "No AI suggestion was followed or modified.", t.influenced)
	section("Where the AI was ignored", "No AI suggestion was ignored.", t.ignored)
	if len(t.pending) > 0 {
		section("Not decided yet", "", t.pending)
	}
}

func (m *md) findingItem(f Finding) string {
	return fmt.Sprintf("- **%s** `%s` on %s: %s", f.Level, f.Code, mdText(f.Subject), mdText(f.words()))
}

func (m *md) openFindings() {
	m.line("### Open findings")
	m.blank()
	if len(m.r.Findings) == 0 {
		m.line("None.")
	}
	for _, f := range m.r.Findings {
		m.line("%s", m.findingItem(f))
	}
	m.blank()
}

func (m *md) coverage(t *tally) {
	c := m.r.Coverage
	m.line("## Coverage")
	m.blank()
	m.line("%s.", c.verdictWords())
	if len(t.open) > 0 {
		m.blank()
		m.line("Without a verdict: %s.", strings.Join(t.open, ", "))
	}
	m.blank()
}

func (m *md) chain() {
	ch := m.r.chain
	m.line("## Audit chain")
	m.blank()
	switch {
	case ch.Verified && ch.Check.Scope == ScopeSince:
		m.line("- Verified: yes, every entry checked matches its hash chain (what was checked is below)")
	case ch.Verified:
		m.line("- Verified: yes, the record matches its hash chain")
	default:
		m.line("- Verified: **NO**")
	}
	head := ch.Head
	if head == "" {
		head = "none"
	}
	m.line("- Head: %s", mdText(head))
	m.line("- Entries: %s", strconv.FormatInt(ch.Entries, 10))
	if ch.Problem != "" {
		m.line("- Problem: %s", mdText(ch.Problem))
	}
	m.checkLines(ch)
	m.blank()
}

func (m *md) mapping() {
	m.line("## Framework mapping")
	m.blank()
	counts := map[string]int{}
	for _, f := range m.r.Findings {
		counts[f.Code]++
	}
	m.line("For each finding code in this report, and for the trust in the AI agents, signoff gives the public framework entries it relates to. " +
		"The mapping is signoff's own judgement, not a statement by NIST, OWASP or CSA.")
	m.blank()
	gloss := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = fmt.Sprintf("%s (%s)", id, frameworkNames[id])
		}
		return strings.Join(parts, ", ")
	}
	if len(counts) == 0 {
		m.line("This report has no findings to map.")
		m.blank()
	}
	for _, code := range Codes {
		n := counts[code]
		if n == 0 {
			continue
		}
		mp := Mappings[code]
		m.line("- `%s` (%s): signoff maps this finding to NIST AI RMF %s; OWASP Top 10 for Agentic Applications %s; CSA MAESTRO %s.",
			code, plural(n, "finding"), gloss(mp.NIST), gloss(mp.OWASP), gloss(mp.MAESTRO))
	}
	m.trustMapping(gloss)
}
