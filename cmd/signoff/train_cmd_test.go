package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
)

// trainRun saves a finished run on INC-2044 straight through the store,
// as the training screen would.
func trainRun(t *testing.T, path, trainee string, cs ...model.TrainingChoice) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	start := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	r, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: trainee, Incident: "INC-2044", Authority: model.AuthorityMedium,
		Hindsight: true, StartedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		c.At = start
		if err := d.RecordTrainingChoice(ctx, r.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.EndTrainingRun(ctx, r.ID, start.Add(time.Hour), true); err != nil {
		t.Fatal(err)
	}
}

func TestTrainResults(t *testing.T) {
	path := demoDB(t)
	isolate := &model.Action{Type: "isolate_host", Target: "web-01", Detail: "Isolate web-01 and revoke its instance-role session"}
	trainRun(t, path, "tomas",
		model.TrainingChoice{Subject: "S2", Outcome: model.OutcomeApproved, Action: isolate, Rationale: "foothold", Took: 30 * time.Second},
		model.TrainingChoice{Subject: "S3", Outcome: model.OutcomeRejected, Rationale: "locks us out", Took: 10 * time.Second})
	trainRun(t, path, "ana")
	findingsBefore := signoff(t, path, "", "findings", "INC-2044", "--json").stdout

	t.Run("--results --json lists every run with its scores so a class can be compared", func(t *testing.T) {
		r := signoff(t, path, "", "train", "--results", "INC-2044", "--json")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var got []runResult
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
			t.Fatalf("%v in %s", err, r.stdout)
		}
		if len(got) != 2 || got[0].Trainee != "tomas" || got[1].Trainee != "ana" {
			t.Fatalf("runs %+v", got)
		}
		// S2: approved like the real owner, AI judged correct: exact, 1.
		// S3: rejected where the real owner approved: disagrees, no review.
		tomas := got[0]
		if tomas.DecisionPoints != 3 || tomas.Answered != 2 || tomas.Agree != 1 || tomas.Exact != 1 ||
			*tomas.HindsightJudged != 1 || *tomas.HindsightScore != 1 || tomas.SecondsDeciding != 40 ||
			strings.Join(tomas.NoEvidence, ",") != "S2" || strings.Join(tomas.NoAuthority, ",") != "S2" {
			t.Errorf("tomas scored %+v", tomas)
		}
		if got[1].Answered != 0 || got[1].AgreeRate != nil {
			t.Errorf("ana, who answered nothing, scored %+v", got[1])
		}
	})
	t.Run("--no-hindsight leaves the hindsight scores out", func(t *testing.T) {
		r := signoff(t, path, "", "train", "--results", "--json", "--no-hindsight")
		var got []runResult
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 2 {
			t.Fatalf("%v in %s", err, r.stdout)
		}
		if got[0].HindsightJudged != nil || got[0].Choices[0].AICorrect != nil {
			t.Errorf("hindsight shows: %+v", got[0])
		}
	})
	t.Run("the table names each trainee", func(t *testing.T) {
		r := signoff(t, path, "", "train", "--results")
		if r.code != 0 || !strings.Contains(r.stdout, "tomas") || !strings.Contains(r.stdout, "ana") {
			t.Errorf("exit %d: %s %s", r.code, r.stdout, r.stderr)
		}
	})
	t.Run("training runs do not change the incident's findings", func(t *testing.T) {
		if after := signoff(t, path, "", "findings", "INC-2044", "--json").stdout; after != findingsBefore {
			t.Errorf("findings changed after training runs")
		}
	})
	for _, c := range []struct {
		name string
		args []string
		text string
	}{
		{"train without an incident is a usage error", []string{"train"}, "incident id"},
		{"an unknown incident is refused before the screen opens", []string{"train", "INC-9999"}, "INC-9999"},
		{"a bad --authority is refused", []string{"train", "INC-2044", "--authority", "root"}, "--authority"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := signoff(t, path, "", c.args...)
			if r.code != 2 || !strings.Contains(r.stderr, c.text) {
				t.Errorf("exit %d, stderr %q; want 2 naming %q", r.code, r.stderr, c.text)
			}
		})
	}
}
