package db

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

func TestEachRecordWalksTheIncidentInTimeOrderWithItsSteps(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		ctx := context.Background()
		var got []string
		steps := map[string]*model.Step{}
		err := d.EachRecord(ctx, "INC-1", func(r model.TimelineRecord) error {
			id := ""
			switch {
			case r.Event != nil:
				id = r.Event.ID
			case r.Evidence != nil:
				id = "evidence " + r.Evidence.ID
			case r.Review != nil:
				id = "review of " + r.Review.Subject
			}
			if r.Step != nil {
				id += " in " + r.Step.Subject
				if prev, ok := steps[r.Step.Subject]; ok && prev != r.Step {
					t.Errorf("%s: the step was read twice", id)
				}
				steps[r.Step.Subject] = r.Step
			}
			got = append(got, id)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "E1, evidence EV-1, S1 in S1, D1 in S1, X1 in S1, N1, S2 in S2, D2 in D2, review of S1 in S1"
		if strings.Join(got, ", ") != want {
			t.Fatalf("walked\n  %s\nwant\n  %s", strings.Join(got, ", "), want)
		}
		s1 := steps["S1"]
		if s1.Suggestion == nil || len(s1.Decisions) != 1 || len(s1.Executions) != 1 || len(s1.Reviews) != 1 ||
			len(s1.Evidence) != 1 || s1.TargetAsset == nil || !s1.TargetAsset.Privileged {
			t.Errorf("step S1 is not whole: %+v", s1)
		}

		stop := errors.New("stop")
		n := 0
		err = d.EachRecord(ctx, "INC-1", func(model.TimelineRecord) error {
			if n++; n == 3 {
				return stop
			}
			return nil
		})
		if err != stop || n != 3 {
			t.Errorf("an error from fn: walked %d, got %v", n, err)
		}
		if err := d.EachRecord(ctx, "INC-404", func(model.TimelineRecord) error { return nil }); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("an unknown incident: %v", err)
		}
	})
}

// The walk takes a step's events from the step; an event whose step
// cannot be found (here its decision's row names another id, as an edited
// table could) is read from its own entry instead, whole.
func TestEachRecordReadsAnEventOutsideItsStepFromItsEntry(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		importDoc(t, d, sampleDoc())
		tamper(t, d.Address(), "UPDATE events SET decision = 'D-gone' WHERE id = 'X1'")
		var x1 *model.TimelineRecord
		err := d.EachRecord(context.Background(), "INC-1", func(r model.TimelineRecord) error {
			if r.Event != nil && r.Event.ID == "X1" {
				x1 = &r
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if x1 == nil || x1.Step != nil || x1.Event.Decision != "D1" || x1.Event.Result != "succeeded" || x1.Event.Actor == "" {
			t.Fatalf("X1 walked as %+v", x1)
		}
	})
}
