package db

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

func startRun(t *testing.T, d *DB, trainee string, at time.Time) model.TrainingRun {
	t.Helper()
	r, err := d.StartTrainingRun(context.Background(), model.TrainingRun{Trainee: trainee, Incident: "INC-1",
		Authority: model.AuthorityMedium, Hindsight: true, StartedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTrainingRunsPersist(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		start := ts("2026-03-02T10:00:00Z")
		choice := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeModified,
			Action:    &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke the token, keep sessions"},
			Rationale: "keep sessions for forensics", At: start.Add(90 * time.Second), Took: 75 * time.Second}

		t.Run("a finished run comes back with its choice, times and flags", func(t *testing.T) {
			r := startRun(t, d, "tomas", start)
			if err := d.RecordTrainingChoice(ctx, r.ID, choice); err != nil {
				t.Fatal(err)
			}
			end := start.Add(5 * time.Minute)
			if err := d.EndTrainingRun(ctx, r.ID, end, true); err != nil {
				t.Fatal(err)
			}
			got, err := d.TrainingRun(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := model.TrainingRun{ID: r.ID, Trainee: "tomas", Incident: "INC-1", Authority: model.AuthorityMedium,
				Hindsight: true, StartedAt: start, EndedAt: &end, Finished: true, Choices: []model.TrainingChoice{choice}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got run\n%+v\nwant\n%+v", got, want)
			}
		})
		t.Run("a run left with q is saved unfinished with the choices made so far", func(t *testing.T) {
			r := startRun(t, d, "ana", start.Add(time.Hour))
			reject := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected, Rationale: "not enough evidence",
				At: start.Add(time.Hour + time.Minute), Took: time.Minute}
			if err := d.RecordTrainingChoice(ctx, r.ID, reject); err != nil {
				t.Fatal(err)
			}
			if err := d.EndTrainingRun(ctx, r.ID, start.Add(2*time.Hour), false); err != nil {
				t.Fatal(err)
			}
			got, err := d.TrainingRun(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Finished || got.EndedAt == nil || len(got.Choices) != 1 || got.Choices[0].Action != nil {
				t.Errorf("got %+v; want an ended, unfinished run with one rejection", got)
			}
		})
		t.Run("a run never closed lists as open and unfinished", func(t *testing.T) {
			r := startRun(t, d, "lee", start.Add(3*time.Hour))
			got, err := d.TrainingRun(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Finished || got.EndedAt != nil || got.Choices == nil || len(got.Choices) != 0 {
				t.Errorf("got %+v; want an open run with an empty list of choices", got)
			}
		})
		t.Run("runs list per incident oldest first, and for every incident", func(t *testing.T) {
			for _, incident := range []string{"INC-1", ""} {
				runs, err := d.TrainingRuns(ctx, incident)
				if err != nil {
					t.Fatal(err)
				}
				var who []string
				for _, r := range runs {
					who = append(who, r.Trainee)
				}
				if !reflect.DeepEqual(who, []string{"tomas", "ana", "lee"}) {
					t.Errorf("TrainingRuns(%q) lists %v", incident, who)
				}
			}
		})
		t.Run("training leaves the incident record and its audit chain alone", func(t *testing.T) {
			fresh := openTest(t)
			importDoc(t, fresh, sampleDoc())
			before := stateOf(t, fresh)
			r := startRun(t, fresh, "tomas", start)
			if err := fresh.RecordTrainingChoice(ctx, r.ID, choice); err != nil {
				t.Fatal(err)
			}
			if err := fresh.EndTrainingRun(ctx, r.ID, start.Add(time.Minute), true); err != nil {
				t.Fatal(err)
			}
			if after := stateOf(t, fresh); after != before {
				t.Errorf("the record changed from %+v to %+v", before, after)
			}
			doc, err := fresh.Document(ctx, "INC-1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(doc, mustNormal(sampleDoc())) {
				t.Errorf("the exported incident differs after a training run")
			}
		})
	})
}

func mustNormal(doc model.Document) model.Document {
	doc.Normalize()
	return doc
}

func TestTrainingRefusals(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		start := ts("2026-03-02T10:00:00Z")
		ended := startRun(t, d, "tomas", start)
		if err := d.EndTrainingRun(ctx, ended.ID, start.Add(time.Minute), false); err != nil {
			t.Fatal(err)
		}
		open := startRun(t, d, "ana", start)
		ok := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeApproved,
			Action: &model.Action{Type: "revoke_token", Target: "deploy-bot"}, Rationale: "live token", At: start}
		if err := d.RecordTrainingChoice(ctx, open.ID, ok); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			err  error
			code string
			text string
		}{
			{"a run on an unknown incident is refused",
				func() error {
					_, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-9", StartedAt: start})
					return err
				}(), model.ENOTFOUND, "INC-9"},
			{"a run without a trainee is refused",
				func() error {
					_, err := d.StartTrainingRun(ctx, model.TrainingRun{Incident: "INC-1", StartedAt: start})
					return err
				}(), model.EINVALID, "--as"},
			{"a choice without a rationale is refused",
				d.RecordTrainingChoice(ctx, open.ID, model.TrainingChoice{Subject: "S2", Outcome: model.OutcomeRejected, Rationale: "  ", At: start}),
				model.EINVALID, "rationale"},
			{"an approval without an action is refused",
				d.RecordTrainingChoice(ctx, open.ID, model.TrainingChoice{Subject: "S2", Outcome: model.OutcomeApproved, Rationale: "ok", At: start}),
				model.EINVALID, "action"},
			{"a choice on an event that is not a suggestion is refused",
				d.RecordTrainingChoice(ctx, open.ID, model.TrainingChoice{Subject: "D1", Outcome: model.OutcomeRejected, Rationale: "no", At: start}),
				model.EINVALID, "D1"},
			{"a second, other choice on the same suggestion is refused",
				d.RecordTrainingChoice(ctx, open.ID, model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected, Rationale: "no", At: start}),
				model.ECONFLICT, "already has another choice on S1"},
			{"a choice on an ended run is refused",
				d.RecordTrainingChoice(ctx, ended.ID, ok), model.ECONFLICT, "has ended"},
			{"ending a run twice is refused",
				d.EndTrainingRun(ctx, ended.ID, start.Add(time.Hour), true), model.ECONFLICT, "already ended"},
			{"an unknown run is not found",
				d.EndTrainingRun(ctx, 999, start, true), model.ENOTFOUND, "999"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantError(t, c.err, c.code, c.text) })
		}
		t.Run("the database refuses to reopen an ended run even behind the store's back", func(t *testing.T) {
			_, err := d.sql.Exec("UPDATE training_runs SET finished = true WHERE id = ?", ended.ID)
			wantError(t, d.fail(err), model.EFORBIDDEN, "append-only")
		})
	})
}

func TestATrainingRunKeepsTheKeyTheTraineeLoggedInWith(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		key := "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
		r, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-1", StartedAt: ts("2026-03-02T10:00:00Z"), SessionKey: key})
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.TrainingRun(ctx, r.ID)
		if err != nil || got.SessionKey != key {
			t.Fatalf("run read back with session key %q, %v", got.SessionKey, err)
		}
		if _, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: "tomas", Incident: "INC-1", StartedAt: ts("2026-03-02T10:00:00Z"), SessionKey: "tomas-laptop"}); model.ErrorCode(err) != model.EINVALID {
			t.Fatalf("a session key that is not a fingerprint was stored: %v", err)
		}
	})
}
