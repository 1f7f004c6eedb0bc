package db

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// The store used to save a training choice on any suggestion of the run's
// incident: one the replay had not reached yet, one it had left behind,
// or one it asks nothing at. A run answers its decision points one by
// one, in the timeline's order, and a resume goes on after its latest.
// INC-2044's decision points are S2, S3 and S4, in that order; S1 was
// never decided, so the replay asks nothing there.
func TestATrainingChoiceIsOnTheRunsNextDecisionPoint(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		loadFixture(t, d, "inc-2044-ai-orchestrated-intrusion.json")
		start := ts("2026-09-01T09:00:00Z")
		run, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-2044", Hindsight: true, StartedAt: start})
		if err != nil {
			t.Fatal(err)
		}
		choice := func(subject string) model.TrainingChoice {
			return model.TrainingChoice{Subject: subject, Outcome: model.OutcomeRejected, Rationale: "not yet", At: start.Add(time.Minute)}
		}
		steps := []struct {
			name    string
			run     *int64
			subject string
			code    string // "" when the choice is saved
			text    string
		}{
			{"a point ahead of the first is refused", &run.ID, "S3", model.EINVALID, "is at S2, its next decision point from the start of the timeline; a choice on S3 was not saved"},
			{"a suggestion never decided is no point", &run.ID, "S1", model.EINVALID, "S1 is not a decision point"},
			{"the first point is saved", &run.ID, "S2", "", ""},
			{"the same choice sent again is answered as saved", &run.ID, "S2", "", ""},
			{"a point beyond the next is refused", &run.ID, "S4", model.EINVALID, "is at S3, its next decision point after its choice on S2"},
			{"the next point is saved", &run.ID, "S3", "", ""},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				err := d.RecordTrainingChoice(ctx, *s.run, choice(s.subject))
				if s.code == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				wantError(t, err, s.code, s.text)
			})
		}
		t.Run("a resumed run goes on after its latest choice", func(t *testing.T) {
			if err := d.EndTrainingRun(ctx, run.ID, start.Add(time.Hour), false); err != nil {
				t.Fatal(err)
			}
			resumed, err := d.ResumeTrainingRun(ctx, run.ID, start.Add(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			wantError(t, d.RecordTrainingChoice(ctx, resumed.ID, choice("S1")), model.EINVALID, "S1 is not a decision point")
			if err := d.RecordTrainingChoice(ctx, resumed.ID, choice("S3")); err != nil {
				t.Errorf("the choice the resume holds, sent again: %v", err)
			}
			if err := d.RecordTrainingChoice(ctx, resumed.ID, choice("S4")); err != nil {
				t.Fatal(err)
			}
			got, err := d.TrainingRun(ctx, resumed.ID)
			if err != nil || len(got.Choices) != 3 {
				t.Errorf("the resumed run holds %d choices, %v; want S2, S3 and S4", len(got.Choices), err)
			}
		})
	})
}
