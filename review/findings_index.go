package review

import "github.com/signoff/signoff/model"

// IndexedStepFindings is StepFindings for a caller that checks many steps
// against one roster (an export walking a whole incident): the roster is
// indexed once, not once per step.
func IndexedStepFindings(s *model.Step, idx model.RosterIndex, p *Policy) []Finding {
	return stepFindings(s, idx, p, moments{})
}
