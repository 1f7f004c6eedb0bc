package review

import "github.com/signoff/signoff/model"

// StepChecker finds what Findings finds, one step at a time, for a reader
// that walks an incident's steps (model.StepWalker) instead of holding the
// whole document: Step gives each step's findings, Finish those about the
// status changes, which Findings lists after every step's.
type StepChecker struct {
	start model.WalkStart
	idx   model.RosterIndex
	p     *Policy
}

// NewStepChecker judges the steps of the incident a walk starts with.
func NewStepChecker(start model.WalkStart, p *Policy) *StepChecker {
	return &StepChecker{start: start, idx: start.Roster.Index(), p: p}
}

// Step is the findings about one step, in the order Findings lists them.
func (c *StepChecker) Step(s *model.Step) []Finding { return stepFindings(s, c.idx, c.p, moments{}) }

// Finish is the findings about the incident's status changes.
func (c *StepChecker) Finish() []Finding {
	return statusFindings(&c.start.Incident, c.start.StatusChanges, c.idx, c.p, moments{})
}
