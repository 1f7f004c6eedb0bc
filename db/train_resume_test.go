package db

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestResumingATrainingRun(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		start := ts("2026-03-02T10:00:00Z")
		choice := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected, Rationale: "not enough evidence",
			At: start.Add(time.Minute), Took: time.Minute}
		left := startRun(t, d, "ana", start)
		if err := d.RecordTrainingChoice(ctx, left.ID, choice); err != nil {
			t.Fatal(err)
		}
		if err := d.EndTrainingRun(ctx, left.ID, start.Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		t.Run("an unfinished run goes on as a new run holding its choices, and the old one stays as it ended", func(t *testing.T) {
			at := start.Add(24 * time.Hour)
			r, err := d.ResumeTrainingRun(ctx, left.ID, at)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID == left.ID || r.Trainee != "ana" || r.Authority != left.Authority || !r.StartedAt.Equal(at) ||
				!reflect.DeepEqual(r.Choices, []model.TrainingChoice{choice}) {
				t.Errorf("resumed run %+v", r)
			}
			stored, err := d.TrainingRun(ctx, r.ID)
			if err != nil || !reflect.DeepEqual(stored.Choices, r.Choices) || stored.EndedAt != nil {
				t.Errorf("stored run %+v, %v", stored, err)
			}
			old, err := d.TrainingRun(ctx, left.ID)
			if err != nil || old.Finished || old.EndedAt == nil || len(old.Choices) != 1 {
				t.Errorf("the run left changed: %+v, %v", old, err)
			}
		})
		t.Run("a finished run, an open one and a missing one are refused", func(t *testing.T) {
			done := startRun(t, d, "bo", start)
			if err := d.EndTrainingRun(ctx, done.ID, start.Add(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			open := startRun(t, d, "cy", start)
			for _, c := range []struct {
				run  int64
				code string
			}{{done.ID, model.ECONFLICT}, {open.ID, model.ECONFLICT}, {9999, model.ENOTFOUND}} {
				if _, err := d.ResumeTrainingRun(ctx, c.run, start); model.ErrorCode(err) != c.code {
					t.Errorf("resuming run %d: %v, want %s", c.run, err, c.code)
				}
			}
		})
	})
}
