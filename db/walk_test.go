package db

import (
	"context"
	"encoding/json"
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

// Status changes come in time order, after the records of their moment,
// and in the order they were recorded when they share one: the order in
// which the last is the status in force.
func TestEachRecordHandsOutTheStatusChangesInTimeOrder(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		doc := sampleDoc()
		doc.StatusChanges = []model.StatusChange{
			{ID: "SC-A", Status: model.StatusResolved, By: "alice", At: ts("2026-02-10T09:45:00Z"), Rationale: "bot rotated"},
			{ID: "SC-B", Status: model.StatusContained, By: "alice", At: ts("2026-02-10T09:13:00Z"), Rationale: "token revoked"},
			{ID: "SC-C", Status: model.StatusClosed, By: "alice", At: ts("2026-02-10T09:45:00Z"), Rationale: "nothing left"},
		}
		importDoc(t, d, doc)
		var got []string
		err := d.EachRecord(context.Background(), "INC-1", func(r model.TimelineRecord) error {
			switch {
			case r.Status != nil:
				got = append(got, r.Status.ID+" "+string(r.Status.Status))
			case r.Event != nil:
				got = append(got, r.Event.ID)
			case r.Evidence != nil:
				got = append(got, r.Evidence.ID)
			case r.Review != nil:
				got = append(got, "review of "+r.Review.Subject)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := "E1, EV-1, S1, D1, X1, SC-B contained, N1, S2, D2, SC-A resolved, SC-C closed, review of S1"
		if strings.Join(got, ", ") != want {
			t.Fatalf("walked\n  %s\nwant\n  %s", strings.Join(got, ", "), want)
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

// recordsOf walks an incident's records and writes each, with its step,
// as a line of JSON.
func recordsOf(t *testing.T, d *DB, id string) (string, *stepWalk) {
	t.Helper()
	var b strings.Builder
	sw, err := d.recordWalk(context.Background(), id, func(r model.TimelineRecord) error {
		line, err := json.Marshal(r)
		b.Write(line)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), sw
}

// The record walk reads its steps as a step walk does, taking their
// payloads from the pass beside it: a generated incident's records come
// with almost none read again, and through a window of a few slots, or
// with no pass beside it, the records are the same.
func TestEachRecordTakesItsStepsPayloadsFromThePass(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openTest(t)
		events := 5000
		if testing.Short() {
			events = 2000 // the race run
		}
		id := importGenerated(t, d, events, 3)
		want, sw := recordsOf(t, d, id)
		entries := sw.r.cover.count()
		if sw.win == nil || entries < int64(events) || sw.missed*100 > int(entries) {
			t.Errorf("window %v: the walk read %d payloads again of the incident's %d entries", sw.win != nil, sw.missed, entries)
		}
		t.Run("through a window of 16 slots", func(t *testing.T) {
			smallWindow(t, 16, 4)
			got, sw := recordsOf(t, d, id)
			if got != want {
				t.Error("the records differ")
			}
			if sw.missed*2 < int(entries) {
				t.Errorf("through 16 slots the walk read only %d payloads of %d again", sw.missed, entries)
			}
		})
		t.Run("with no pass beside it", func(t *testing.T) {
			defer func() { readBeside = true }()
			readBeside = false
			if got, _ := recordsOf(t, d, id); got != want {
				t.Error("the records differ")
			}
		})
	})
}

// A step's entry the pass does not hold (its incident renamed) is read
// and checked on its own, and one the pass holds but that does not verify
// (edited) is named by the pass: either way the store says so.
func TestEachRecordNamesTamperedStepEntries(t *testing.T) {
	edits := map[string]string{
		"entry 9 (events D1)":  "UPDATE chain SET incident = 'INC-9' WHERE subject = 'D1'",
		"entry 11 (events N1)": "UPDATE chain SET payload = replace(payload, 'gist removed', 'nothing to see') WHERE subject = 'N1'",
		"entry 8 (events S1)":  "UPDATE chain SET payload = replace(payload, '\"S1\"', '\"S1\" ') WHERE subject = 'S1'",
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T) {
				d := openTest(t)
				importDoc(t, d, sampleDoc())
				tamper(t, d.Address(), edit)
				recordsOf(t, d, "INC-1")
				if f := d.ReadFault(); !strings.Contains(f, name) {
					t.Errorf("the store says %q", f)
				}
			})
		})
	}
}
