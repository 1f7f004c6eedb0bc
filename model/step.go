package model

import (
	"slices"
	"strings"
)

// What a step's events say about the step, read the same way by the store
// (to choose the evidence it carries), the rules and the screens.

// DecisionOf is the decision execution x carries out, or nil when x acted
// on the suggestion alone.
func (s *Step) DecisionOf(x *Event) *Event {
	if x.Decision == "" {
		return nil
	}
	for i := range s.Decisions {
		if s.Decisions[i].ID == x.Decision {
			return &s.Decisions[i]
		}
	}
	return nil
}

// ActionOf is the action decision d settled on; a rejection or deferral
// that does not restate it, or no decision at all, is about the suggested
// action. It is nil when neither names one.
func (s *Step) ActionOf(d *Event) *Action {
	if d != nil && d.Action != nil {
		return d.Action
	}
	if s.Suggestion != nil {
		return s.Suggestion.Action
	}
	return nil
}

// Action is the action the step is about: the final decision's, else the
// suggested one.
func (s *Step) Action() *Action { return s.ActionOf(s.FinalDecision()) }

// Reference is the event the step's evidence is timed against: its first
// execution, else its final decision, else its suggestion; nil when the
// step has none.
func (s *Step) Reference() *Event {
	switch {
	case len(s.Executions) > 0:
		return &s.Executions[0]
	case s.FinalDecision() != nil:
		return s.FinalDecision()
	}
	return s.Suggestion
}

// events visits the suggestion, the decisions and the executions, in that
// order.
func (s *Step) events(visit func(*Event)) {
	if s.Suggestion != nil {
		visit(s.Suggestion)
	}
	for i := range s.Decisions {
		visit(&s.Decisions[i])
	}
	for i := range s.Executions {
		visit(&s.Executions[i])
	}
}

// CitedEvidence lists the evidence ids the step's events cite or review,
// in event order; an id cited twice is listed twice.
func (s *Step) CitedEvidence() []string {
	var ids []string
	s.events(func(e *Event) { ids = append(append(ids, e.Evidence...), e.EvidenceReviewed...) })
	return ids
}

// Targets lists, sorted and once each, the assets the actions of the
// step's events target.
func (s *Step) Targets() []string {
	var ts []string
	s.events(func(e *Event) {
		if e.Action != nil && e.Action.Target != "" && !slices.Contains(ts, e.Action.Target) {
			ts = append(ts, e.Action.Target)
		}
	})
	slices.Sort(ts)
	return ts
}

// SortEvidence orders evidence by collection time, then id: the order a
// step, a report and a screen list it in.
func SortEvidence(ev []Evidence) {
	slices.SortStableFunc(ev, func(a, b Evidence) int {
		if c := a.CollectedAt.Compare(b.CollectedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
