// Package train is the training walkthrough: a trainee replays a past
// incident one timeline row at a time, chooses at each decided AI
// suggestion before the real decision is revealed, and ends on a scorecard.
// What the screen may show is held in a replay value that only ever grows
// by the next row of the timeline, so nothing after "now" can be drawn.
package train

import "github.com/signoff/signoff/model"

// Options say which run to start; the trainee is the screen's person.
type Options struct {
	Incident string
	// Authority judges the trainee's approvals; empty takes the trainee's
	// authority as a person of the incident, and when they are not one,
	// authority is not judged (docs/training.md).
	Authority model.Authority
	// NoHindsight hides review verdicts from the reveals and the scorecard.
	NoHindsight bool
	// Resume continues this run, left unfinished, as a new run that keeps
	// its choices and options (authority, hindsight, anonymization: those
	// given here are not used) and goes on after the last of them.
	Resume int64
	// Anonymize hides the incident's id, title and people's names behind
	// pseudonyms, so trainees cannot recognise the case.
	Anonymize bool
}
