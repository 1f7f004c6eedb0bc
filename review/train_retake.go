package review

import (
	"time"

	"github.com/signoff/signoff/model"
)

// Retakes says which choices of runs were made on a decision point their
// trainee had already answered, and so seen revealed, in another run of
// the same incident: run id -> subject -> the run that answered it first.
// A resume's copies of its run's choices keep the moment they were made,
// so they are not retakes; a new run played after a first one is. Runs
// with none are left out. Choices are timed by the trainee's clock
// (docs/training.md).
func Retakes(runs []model.TrainingRun) map[int64]map[string]int64 {
	type point struct{ trainee, incident, subject string }
	type answer struct {
		run int64
		at  time.Time
	}
	first := map[point]answer{}
	for _, r := range runs {
		for _, c := range r.Choices {
			k := point{r.Trainee, r.Incident, c.Subject}
			f, ok := first[k]
			if !ok || c.At.Before(f.at) || c.At.Equal(f.at) && r.ID < f.run {
				first[k] = answer{r.ID, c.At}
			}
		}
	}
	out := map[int64]map[string]int64{}
	for _, r := range runs {
		for _, c := range r.Choices {
			f := first[point{r.Trainee, r.Incident, c.Subject}]
			if f.run == r.ID || !f.at.Before(c.At) {
				continue
			}
			if out[r.ID] == nil {
				out[r.ID] = map[string]int64{}
			}
			out[r.ID][c.Subject] = f.run
		}
	}
	return out
}
