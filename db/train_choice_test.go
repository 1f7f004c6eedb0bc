package db

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// A choice whose write landed but whose answer was lost (the server went
// away after the commit) is sent again as it was: the same write.
func TestAChoiceSentTwiceIsOneChoice(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		ctx := context.Background()
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		start := ts("2026-03-02T10:00:00Z")
		r := startRun(t, d, "ana", start)
		first := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeModified,
			Action:    &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke, keep sessions"},
			Rationale: "keep sessions for forensics", At: start.Add(time.Minute), Took: time.Minute}
		if err := d.RecordTrainingChoice(ctx, r.ID, first); err != nil {
			t.Fatal(err)
		}
		t.Run("the same choice sent again, later, is answered as saved and stays as first saved", func(t *testing.T) {
			again := first
			again.At, again.Took = start.Add(3*time.Minute), 3*time.Minute
			if err := d.RecordTrainingChoice(ctx, r.ID, again); err != nil {
				t.Fatalf("the same choice again: %v", err)
			}
			got, err := d.TrainingRun(ctx, r.ID)
			if err != nil || !reflect.DeepEqual(got.Choices, []model.TrainingChoice{first}) {
				t.Errorf("choices %+v, %v; want the first as saved", got.Choices, err)
			}
		})
		for _, c := range []struct {
			name   string
			change func(*model.TrainingChoice)
		}{
			{"another outcome", func(c *model.TrainingChoice) { c.Outcome, c.Action = model.OutcomeRejected, nil }},
			{"another detail", func(c *model.TrainingChoice) {
				c.Action = &model.Action{Type: "revoke_token", Target: "deploy-bot", Detail: "revoke all"}
			}},
			{"another target", func(c *model.TrainingChoice) {
				c.Action = &model.Action{Type: "revoke_token", Target: "web-1", Detail: "revoke, keep sessions"}
			}},
			{"another rationale", func(c *model.TrainingChoice) { c.Rationale = "on second thought" }},
		} {
			t.Run("a choice with "+c.name+" is refused, saying what was saved", func(t *testing.T) {
				other := first
				c.change(&other)
				wantError(t, d.RecordTrainingChoice(ctx, r.ID, other), model.ECONFLICT,
					`already has another choice on S1: modified revoke_token on deploy-bot ("revoke, keep sessions"), because "keep sessions for forensics"`)
				got, err := d.TrainingRun(ctx, r.ID)
				if err != nil || !reflect.DeepEqual(got.Choices, []model.TrainingChoice{first}) {
					t.Errorf("choices %+v, %v; want the first as saved", got.Choices, err)
				}
			})
		}
	})
}
