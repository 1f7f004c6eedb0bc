package review

import (
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestRetakes(t *testing.T) {
	t0 := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	choice := func(subject string, min int) model.TrainingChoice {
		return model.TrainingChoice{Subject: subject, Outcome: model.OutcomeRejected, Rationale: "r", At: t0.Add(time.Duration(min) * time.Minute)}
	}
	run := func(id int64, trainee string, resumes int64, cs ...model.TrainingChoice) model.TrainingRun {
		return model.TrainingRun{ID: id, Trainee: trainee, Incident: "INC-1", Resumes: resumes, Choices: cs}
	}
	for _, c := range []struct {
		name string
		runs []model.TrainingRun
		want map[int64]map[string]int64
	}{
		{"a first run is no retake", []model.TrainingRun{run(1, "ana", 0, choice("S1", 1), choice("S2", 2))}, map[int64]map[string]int64{}},
		{"a new run answering a point the trainee saw revealed in another names that run",
			[]model.TrainingRun{run(1, "ana", 0, choice("S1", 1)), run(2, "ana", 0, choice("S1", 10), choice("S2", 11))},
			map[int64]map[string]int64{2: {"S1": 1}}},
		{"a resume's copies of its run's choices are no retake, its new choices neither",
			[]model.TrainingRun{run(1, "ana", 0, choice("S1", 1)), run(2, "ana", 1, choice("S1", 1), choice("S2", 11))},
			map[int64]map[string]int64{}},
		{"a run left open and answered after a later run revealed the point is the retake",
			[]model.TrainingRun{run(1, "ana", 0, choice("S1", 1), choice("S2", 30)), run(2, "ana", 0, choice("S1", 10), choice("S2", 11))},
			map[int64]map[string]int64{1: {"S2": 2}, 2: {"S1": 1}}},
		{"another trainee's answers are not this trainee's",
			[]model.TrainingRun{run(1, "ana", 0, choice("S1", 1)), run(2, "bo", 0, choice("S1", 10))}, map[int64]map[string]int64{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Retakes(c.runs); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Retakes = %v, want %v", got, c.want)
			}
		})
	}
}
