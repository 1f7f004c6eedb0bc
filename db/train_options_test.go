package db

import (
	"context"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func TestATrainingRunKeepsItsOptions(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		start := ts("2026-03-02T10:00:00Z")
		for _, c := range []struct {
			name string
			run  model.TrainingRun
		}{
			{"anonymized, without hindsight, judged with high authority",
				model.TrainingRun{Trainee: "ana", Anonymized: true, Hindsight: false, Authority: model.AuthorityHigh}},
			{"shown as recorded, with hindsight, authority not judged",
				model.TrainingRun{Trainee: "di", Anonymized: false, Hindsight: true, Authority: ""}},
		} {
			o := c.run
			o.Incident, o.StartedAt = "INC-1", start
			t.Run("a run started "+c.name+" reads back so, and the run resuming it takes them", func(t *testing.T) {
				r, err := d.StartTrainingRun(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				same := func(what string, got model.TrainingRun) {
					t.Helper()
					if got.Anonymized != o.Anonymized || got.Hindsight != o.Hindsight || got.Authority != o.Authority {
						t.Errorf("%s has anonymized %v, hindsight %v, authority %q; started with %v, %v, %q", what,
							got.Anonymized, got.Hindsight, got.Authority, o.Anonymized, o.Hindsight, o.Authority)
					}
				}
				stored, err := d.TrainingRun(ctx, r.ID)
				if err != nil {
					t.Fatal(err)
				}
				same("the run read back", stored)
				if err := d.EndTrainingRun(ctx, r.ID, start.Add(time.Minute), false); err != nil {
					t.Fatal(err)
				}
				resumed, err := d.ResumeTrainingRun(ctx, r.ID, start.Add(time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				same("the resume's answer", resumed)
				if stored, err = d.TrainingRun(ctx, resumed.ID); err != nil {
					t.Fatal(err)
				}
				same("the run resuming it, read back", stored)
			})
		}
		t.Run("a run kept before runs kept their options reads as not anonymized", func(t *testing.T) {
			// What a signoff before the column wrote: no word of it.
			if _, err := d.sql.Exec(`INSERT INTO training_runs (inc, trainee, authority, hindsight, started_at)
				SELECT seq, 'older', '', true, 0 FROM incidents WHERE id = 'INC-1'`); err != nil {
				t.Fatal(err)
			}
			runs, err := d.TrainingRuns(ctx, "INC-1")
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, r := range runs {
				if r.Trainee == "older" {
					found = true
					if r.Anonymized {
						t.Errorf("the older run reads as anonymized: %+v", r)
					}
				}
			}
			if !found {
				t.Errorf("the older run is not listed: %+v", runs)
			}
		})
	})
}
