package review

import (
	"io"

	"github.com/signoff/signoff/model"
)

// SummariseOver is how many review steps a Markdown report lists in full.
// An incident with more gets a summary and the steps that need a person's
// eye (markdown_summary.go); MarkdownAll lists every step of any incident.
const SummariseOver = 200

// MarkdownReport writes the Markdown report as a walk over the incident
// hands over its steps: up to SummariseOver steps, the report Markdown
// makes of the whole document, byte for byte; beyond, the summary, with
// only what it lists held until the end.
type MarkdownReport struct {
	w    io.Writer
	b    *ReportBuilder
	held []ReportStep
	sum  *summary // the summary, once the steps are too many to list
}

// NewMarkdownReport begins the Markdown report of the incident a walk
// starts with.
func NewMarkdownReport(w io.Writer, start model.WalkStart, p *Policy) *MarkdownReport {
	return &MarkdownReport{w: w, b: NewReportBuilder(start, p)}
}

// Step takes one step of the report.
func (m *MarkdownReport) Step(s *model.Step) error {
	rs := m.b.Step(s)
	if m.sum == nil && len(m.held) < SummariseOver {
		m.held = append(m.held, rs)
		return nil
	}
	if m.sum == nil {
		m.sum = newSummary()
		for i := range m.held {
			m.sum.add(i+1, &m.held[i])
		}
		m.held = nil
	}
	m.sum.add(m.sum.steps+1, &rs)
	return nil
}

// Close writes the report.
func (m *MarkdownReport) Close(chain ChainStatus) error {
	r := m.b.Report(chain)
	if m.sum != nil {
		return m.sum.write(&r, m.w)
	}
	r.Steps = m.held
	_, err := io.WriteString(m.w, r.Markdown())
	return err
}

// MarkdownAll writes the whole Markdown report, every step in full, of an
// incident of any size: the summary comes first and lists every step, so
// the steps are walked twice, first to tally the summary (its lines are
// held: a few hundred bytes a step), then to write each step as it comes.
type MarkdownAll struct {
	w      io.Writer
	start  model.WalkStart
	p      *Policy
	first  *ReportBuilder
	second *ReportBuilder
	m      *md
	t      *tally
	n      int
	report Report
}

// NewMarkdownAll begins the whole report of the incident a walk starts
// with.
func NewMarkdownAll(w io.Writer, start model.WalkStart, p *Policy) *MarkdownAll {
	a := &MarkdownAll{w: w, start: start, p: p, first: NewReportBuilder(start, p), t: &tally{}}
	a.report = a.first.Report(ChainStatus{}) // who is who, for the summary's lines
	a.m = newMD(&a.report, w)
	return a
}

// Tally takes one step of the first walk.
func (a *MarkdownAll) Tally(s *model.Step) {
	rs := a.first.Step(s)
	a.t.add(a.m, &rs)
}

// Begin writes what comes before the steps, once the first walk is over.
func (a *MarkdownAll) Begin(chain ChainStatus) error {
	a.report = a.first.Report(chain)
	a.m.head(a.t)
	a.second = NewReportBuilder(a.start, a.p)
	return nil
}

// Step writes one step of the second walk.
func (a *MarkdownAll) Step(s *model.Step) error {
	rs := a.second.Step(s)
	a.n++
	a.m.step(a.n, &rs)
	return nil
}

// Close writes what follows the steps.
func (a *MarkdownAll) Close() error {
	a.m.tail(a.t)
	return a.m.out.Flush()
}
