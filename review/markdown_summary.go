package review

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/signoff/signoff/model"
)

// A report of a large incident (more than SummariseOver steps) is a
// summary a person can read: who owned each kind of action and how they
// ended, how far each AI agent was trusted (trust.go), every finding, and
// one line for each step that needs a person's eye (it has findings, a person
// overrode the AI, a reviewer says the AI changed the outcome, or it is a
// high or critical step nobody has reviewed). The routine steps are
// counted, and `--all` lists every step in full.

// summary gathers the report of a large incident one step at a time.
type summary struct {
	steps, suggestions, human int
	actions                   map[string]*actionTally
	attention                 []string // a table row for each step that needs a person's eye
	unreviewed                int
}

type actionTally struct {
	name     string
	steps    int
	owners   map[string]int
	outcomes map[string]int
}

func newSummary() *summary {
	return &summary{actions: map[string]*actionTally{}}
}

// add takes step n of the report.
func (s *summary) add(n int, rs *ReportStep) {
	s.steps++
	if rs.Review == nil {
		s.unreviewed++
	}
	name := "no action"
	if a := rs.step.Action(); a != nil && a.Type != "" {
		name = a.Type
	}
	if rs.Tier != "" {
		name += " (" + string(rs.Tier) + ")"
	}
	at := s.actions[name]
	if at == nil {
		at = &actionTally{name: name, owners: map[string]int{}, outcomes: map[string]int{}}
		s.actions[name] = at
	}
	at.steps++
	owner, outcome := "nobody", "pending"
	if d := rs.Decision; d != nil {
		owner, outcome = d.Owner, string(d.Outcome)
	} else if len(rs.Executions) > 0 {
		outcome = "auto-executed"
	}
	at.owners[owner]++
	at.outcomes[outcome]++
	if rs.Suggestion == nil {
		s.human++
	} else {
		s.suggestions++
	}
	if why := attentionReasons(rs); len(why) > 0 {
		s.attention = append(s.attention, fmt.Sprintf("| %d | %s | %s | %s | %s | %s | %s |", n, mdCell(rs.Subject),
			mdCell(describe(rs.step.Action())), mdCell(string(rs.Tier)), mdCell(owner), mdCell(outcome), mdCell(strings.Join(why, "; "))))
	}
}

// attentionReasons says why a step needs a person's eye; none for a
// routine step.
func attentionReasons(rs *ReportStep) []string {
	var why []string
	if n := len(rs.Findings); n > 0 {
		codes := make([]string, 0, n)
		for _, f := range rs.Findings {
			if !slices.Contains(codes, f.Code) {
				codes = append(codes, f.Code)
			}
		}
		why = append(why, "findings: "+strings.Join(codes, ", "))
	}
	if v, _ := verdictOf(rs); rs.Suggestion != nil && (v == model.VerdictModified || v == model.VerdictIgnored) {
		why = append(why, "AI overridden ("+string(v)+")")
	}
	if rs.Review != nil && rs.Review.OutcomeChanged == "yes" {
		why = append(why, "the AI changed the outcome")
	}
	if rs.Review == nil && (rs.Tier == model.TierHigh || rs.Tier == model.TierCritical) {
		why = append(why, "unreviewed "+string(rs.Tier))
	}
	return why
}

// write writes the summarised report.
func (s *summary) write(r *Report, w io.Writer) error {
	m := newMD(r, w)
	m.header()
	m.statusHistory()
	m.line("## Summary")
	m.blank()
	m.line("%s (%s, %s); %s. Findings: %s. Audit chain: %s.",
		plural(s.steps, "review step"), plural(s.suggestions, "AI suggestion"), plural(s.human, "human-originated action"),
		r.Coverage.reviewedWords(), m.findingCounts(), chainWord(r.chain))
	m.blank()
	m.line("This incident has too many steps to list each one here: below are the owners of each kind of action, "+
		"how far each AI agent was trusted and how right it was, every finding, and the %s that need a person's eye. "+
		"`signoff report %s --all` lists every step in full.", plural(len(s.attention), "step"), mdText(r.Incident.ID))
	m.blank()
	s.owners(m)
	m.trust()
	m.openFindings()
	s.attentionSteps(m, r)
	m.line("## Coverage")
	m.blank()
	m.line("%s; %s none, and those of tier high or critical are listed above.",
		r.Coverage.verdictWords(), haveNone(s.unreviewed))
	m.blank()
	m.chain()
	m.mapping()
	return m.out.Flush()
}

// haveNone is "N steps have" (or "1 step has").
func haveNone(n int) string {
	if n == 1 {
		return "1 step has"
	}
	return strconv.Itoa(n) + " steps have"
}

func (s *summary) owners(m *md) {
	m.line("### Owners per action")
	m.blank()
	list := make([]*actionTally, 0, len(s.actions))
	for _, a := range s.actions {
		list = append(list, a)
	}
	slices.SortFunc(list, func(a, b *actionTally) int {
		return cmp.Or(cmp.Compare(b.steps, a.steps), strings.Compare(a.name, b.name))
	})
	m.line("| Action (tier) | Steps | Owners | Outcomes |")
	m.line("| --- | --- | --- | --- |")
	for _, a := range list {
		m.line("| %s | %d | %s | %s |", mdCell(a.name), a.steps, mdCell(counted(a.owners, 5)), mdCell(counted(a.outcomes, 0)))
	}
	m.blank()
}

// counted lists "name (n)" by count, most first; with most > 0, only the
// most frequent, and how many others.
func counted(counts map[string]int, most int) string {
	type kv struct {
		k string
		n int
	}
	list := make([]kv, 0, len(counts))
	for k, n := range counts {
		list = append(list, kv{k, n})
	}
	slices.SortFunc(list, func(a, b kv) int { return cmp.Or(cmp.Compare(b.n, a.n), strings.Compare(a.k, b.k)) })
	var parts []string
	for i, x := range list {
		if most > 0 && i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(list)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", x.k, x.n))
	}
	return strings.Join(parts, ", ")
}

func (s *summary) attentionSteps(m *md, r *Report) {
	m.line("## Steps that need a person's eye")
	m.blank()
	routine := s.steps - len(s.attention)
	m.line("%s of %d: those with findings, where a person overrode the AI, where a reviewer says the AI changed the outcome, "+
		"and those of tier high or critical that nobody has reviewed. %s left out; `signoff report %s --all` lists every step in full.",
		plural(len(s.attention), "step"), s.steps, plural(routine, "routine step")+isOrAre(routine), mdText(r.Incident.ID))
	m.blank()
	if len(s.attention) == 0 {
		return
	}
	m.line("| # | Step | Action | Tier | Owner | Outcome | Why |")
	m.line("| --- | --- | --- | --- | --- | --- | --- |")
	for _, row := range s.attention {
		m.line("%s", row)
	}
	m.blank()
}

// isOrAre is " is" or " are" after a count.
func isOrAre(n int) string {
	if n == 1 {
		return " is"
	}
	return " are"
}
