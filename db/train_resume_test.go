package db

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
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
			if r.ID == left.ID || r.Resumes != left.ID || r.Trainee != "ana" || r.Authority != left.Authority || !r.StartedAt.Equal(at) ||
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
		t.Run("a run left open goes on as a new run holding its choices, and stays as it was left", func(t *testing.T) {
			open := startRun(t, d, "di", start)
			if err := d.RecordTrainingChoice(ctx, open.ID, choice); err != nil {
				t.Fatal(err)
			}
			at := start.Add(2 * time.Hour)
			r, err := d.ResumeTrainingRun(ctx, open.ID, at)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID == open.ID || r.Resumes != open.ID || r.Trainee != "di" || !reflect.DeepEqual(r.Choices, []model.TrainingChoice{choice}) {
				t.Errorf("resumed run %+v", r)
			}
			if old, err := d.TrainingRun(ctx, open.ID); err != nil || old.EndedAt != nil || old.Finished || len(old.Choices) != 1 {
				t.Errorf("the run left open changed: %+v, %v", old, err)
			}
		})
		t.Run("of two resuming the same run at once, one wins and the other is told which run took it", func(t *testing.T) {
			open := startRun(t, d, "ed", start)
			var wg sync.WaitGroup
			runs, errs := make([]model.TrainingRun, 2), make([]error, 2)
			for i := range runs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					runs[i], errs[i] = d.ResumeTrainingRun(ctx, open.ID, start.Add(time.Hour))
				}()
			}
			wg.Wait()
			won, lost := 0, 1
			if errs[0] != nil {
				won, lost = 1, 0
			}
			if errs[won] != nil || model.ErrorCode(errs[lost]) != model.ECONFLICT ||
				!strings.Contains(model.ErrorMessage(errs[lost]), fmt.Sprintf("resumed as run %d", runs[won].ID)) {
				t.Errorf("two resumes of run %d: %v and %v", open.ID, errs[0], errs[1])
			}
			if all, err := d.TrainingRuns(ctx, "INC-1"); err != nil || countResuming(all, open.ID) != 1 {
				t.Errorf("runs resuming %d: %d, %v", open.ID, countResuming(all, open.ID), err)
			}
		})
		t.Run("the process still holding a run resumed elsewhere is told at its next choice and close", func(t *testing.T) {
			open := startRun(t, d, "fa", start)
			other, err := d.ResumeTrainingRun(ctx, open.ID, start.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("training run %d was resumed as run %d", open.ID, other.ID)
			if err := d.RecordTrainingChoice(ctx, open.ID, choice); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err), want) {
				t.Errorf("a choice on the run resumed elsewhere: %v", err)
			}
			if err := d.EndTrainingRun(ctx, open.ID, start.Add(time.Hour), false); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err), want) {
				t.Errorf("closing the run resumed elsewhere: %v", err)
			}
			if old, err := d.TrainingRun(ctx, open.ID); err != nil || old.EndedAt != nil || len(old.Choices) != 0 {
				t.Errorf("the run resumed elsewhere changed: %+v, %v", old, err)
			}
		})
		t.Run("a run made in a signoff serve session keeps its key; the run resuming it claims none", func(t *testing.T) {
			// session_key says which key the trainee logged in with for the
			// run. The resume is made at a local terminal (signoff train
			// --resume), where no key proves who plays: carrying the old
			// key over would claim a login the new choices were not made
			// in. The choices made under the key stay with the run that
			// holds it, which the new run names.
			key := "SHA256:" + strings.Repeat("A", 42) + "E"
			keyed, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "ed", Incident: "INC-1", StartedAt: start, SessionKey: key})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.RecordTrainingChoice(ctx, keyed.ID, choice); err != nil {
				t.Fatal(err)
			}
			r, err := d.ResumeTrainingRun(ctx, keyed.ID, start.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			stored, err := d.TrainingRun(ctx, r.ID)
			if err != nil || r.SessionKey != "" || stored.SessionKey != "" || stored.Resumes != keyed.ID {
				t.Errorf("the resuming run %+v (stored %+v, %v) claims a session key, or does not name the run it resumes", r, stored, err)
			}
			if old, err := d.TrainingRun(ctx, keyed.ID); err != nil || old.SessionKey != key || len(old.Choices) != 1 {
				t.Errorf("the run resumed lost its key or its choice: %+v, %v", old, err)
			}
		})
		t.Run("a finished run and a missing one are refused", func(t *testing.T) {
			done := startRun(t, d, "bo", start)
			if err := d.EndTrainingRun(ctx, done.ID, start.Add(time.Hour), true); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				run  int64
				code string
			}{{done.ID, model.ECONFLICT}, {9999, model.ENOTFOUND}} {
				if _, err := d.ResumeTrainingRun(ctx, c.run, start); model.ErrorCode(err) != c.code {
					t.Errorf("resuming run %d: %v, want %s", c.run, err, c.code)
				}
			}
		})
	})
}

func countResuming(runs []model.TrainingRun, run int64) int {
	n := 0
	for _, r := range runs {
		if r.Resumes == run {
			n++
		}
	}
	return n
}
