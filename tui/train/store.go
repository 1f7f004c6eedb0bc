// Package train is the training walkthrough (issue 7): a trainee replays a
// past incident one timeline row at a time, chooses at each decided AI
// suggestion before the real decision is revealed, and ends on a scorecard.
// What the screen may show is held in a replay value that only ever grows
// by the next row of the timeline, so nothing after "now" can be drawn.
package train

import (
	"context"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// Store is what training needs: the incident record, read only, and the
// training tables, which are kept apart from it.
type Store interface {
	model.Store
	StartTrainingRun(ctx context.Context, r model.TrainingRun) (model.TrainingRun, error)
	RecordTrainingChoice(ctx context.Context, run int64, c model.TrainingChoice) error
	EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error
}

// Options configure a training run.
type Options struct {
	Store    Store
	Incident string
	// Trainee is the --as person the run is saved for.
	Trainee string
	// Authority judges the trainee's approvals; empty takes the trainee's
	// authority as a person of the incident, and when they are not one,
	// authority is not judged (review/TRAINING.md).
	Authority model.Authority
	// NoHindsight hides review verdicts from the reveals and the scorecard.
	NoHindsight bool
	Policy      *review.Policy // nil: review.DefaultPolicy()
	Context     context.Context
	// Clock times the choices; nil is time.Now.
	Clock    func() time.Time
	Renderer *lipgloss.Renderer // nil: standard output, NO_COLOR respected
	NoColor  bool
}
