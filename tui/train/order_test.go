package train

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// sameSecond is the small incident as INC-8, its decision recorded at the
// second of the suggestion (a gate, a ticket timed to the minute, two
// hosts' clocks): in timeline order, time then id, D1 comes before S1.
func sameSecond(t *testing.T, at func(d *model.Document) *model.Event) model.Store {
	t.Helper()
	d := openFixtures(t)
	doc := tuitest.SmallIncident()
	doc.Incident.ID = "INC-8"
	e := at(&doc)
	e.At = doc.Events[1].At
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.ImportDocument(context.Background(), "same.json", bytes.NewReader(b), "test"); err != nil {
		t.Fatal(err)
	}
	return d
}

// A decision or execution timed before its suggestion in the timeline's
// order is not shown before the trainee chooses there: its row says the
// step is ahead, and its record shows at the reveal.
func TestARecordTimedBeforeItsSuggestionWaitsForTheReveal(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   func(d *model.Document) *model.Event
		text []string // what the record says of the real decision
	}{
		{"the decision at the suggestion's second", func(d *model.Document) *model.Event { return &d.Events[2] },
			[]string{"better safe", "approved"}},
		{"the execution at the suggestion's second", func(d *model.Document) *model.Event {
			d.Events[3].ID = "P1" // before S1 in id order, as the gate's P- ids are
			return &d.Events[3]
		}, []string{"succeeded", "carried out"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, sameSecond(t, tc.at), "INC-8", "mara", 160, 48)
			for i := 0; m.phase != phaseChoose; i++ {
				if i > 5 {
					t.Fatalf("no decision point after %d rows: phase %d", i, m.phase)
				}
				for _, screen := range []string{m.View(), m.content()} {
					for _, text := range tc.text {
						if strings.Contains(screen, text) {
							t.Errorf("before the choice at S1 the screen shows %q:\n%s", text, screen)
						}
					}
				}
				press(t, m, "space")
			}
			for _, screen := range []string{m.View(), m.content()} {
				for _, text := range tc.text {
					if strings.Contains(screen, text) {
						t.Errorf("at the choice at S1 the screen shows %q:\n%s", text, screen)
					}
				}
			}
			press(t, m, "r")
			typeText(t, m, "not needed")
			press(t, m, "enter")
			for _, text := range tc.text {
				if !strings.Contains(m.content(), text) {
					t.Errorf("the reveal lacks %q:\n%s", text, m.content())
				}
			}
		})
	}
}

// A resumed run replays the rows up to its last choice: a decision timed
// before that choice, of a suggestion still ahead of it, is withheld too.
func TestAResumedRunWithholdsADecisionOfASuggestionAhead(t *testing.T) {
	store := sameSecond(t, func(d *model.Document) *model.Event {
		conf := 0.5
		d.Events = append(d.Events,
			model.Event{ID: "S2", At: d.Events[1].At.Add(time.Minute), Kind: model.KindSuggestion, Agent: "helper",
				Action: &model.Action{Type: "block_ip", Target: "laptop-9", Detail: "block it"}, Confidence: &conf, Rationale: "more"},
			// Timed at S1's second by a clock behind: before S1 in the
			// timeline's order ("D2" < "S1"), yet it answers S2.
			model.Event{ID: "D2", Kind: model.KindDecision, Suggestion: "S2", Owner: "alice", Outcome: model.OutcomeRejected,
				Rationale: "too late anyway"})
		return &d.Events[len(d.Events)-1]
	})
	ctx := context.Background()
	run, err := store.StartTrainingRun(ctx, model.TrainingRun{Trainee: "mara", Incident: "INC-8", Hindsight: true, StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	c := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected, Rationale: "fine", At: time.Now()}
	if err := store.RecordTrainingChoice(ctx, run.ID, c); err != nil {
		t.Fatal(err)
	}
	m := newTestModel(t, store, "INC-8", "mara", 160, 48, func(o *Options) { o.Resume = run.ID })
	if !strings.Contains(screenText(m), "Resumed as run") {
		t.Fatalf("the run did not resume:\n%s", screenText(m))
	}
	for _, text := range []string{"too late anyway", "rejected"} {
		if strings.Contains(m.View(), text) {
			t.Errorf("the resumed run shows %q of S2 before the choice there:\n%s", text, m.View())
		}
	}
}

// A run's choices are listed by the clock they were made on; one made
// after a resume on a machine whose clock is behind lists first. The
// resumed replay goes on after the latest choice in the timeline's
// order, so no point already answered is asked again (its answer could
// not be saved: a run answers a point once).
func TestAResumedRunGoesOnAfterItsLatestChoiceInTheTimeline(t *testing.T) {
	store := openFixtures(t)
	ctx := context.Background()
	t0 := time.Date(2026, 9, 2, 14, 0, 0, 0, time.UTC)
	run, err := store.StartTrainingRun(ctx, model.TrainingRun{Trainee: "mara", Incident: "INC-2044", Hindsight: true, StartedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []model.TrainingChoice{
		{Subject: "S2", Outcome: model.OutcomeRejected, Rationale: "blocks", At: t0.Add(time.Hour)},
		{Subject: "S3", Outcome: model.OutcomeDeferred, Rationale: "wait", At: t0}, // a clock behind
	} {
		if err := store.RecordTrainingChoice(ctx, run.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	m := newTestModel(t, store, "INC-2044", "mara", 80, 24, func(o *Options) { o.Resume = run.ID })
	if now := m.replay.now(); now == nil || now.ID != "S3" {
		t.Fatalf("the resumed replay is at %v, not at the latest choice, S3:\n%s", now, screenText(m))
	}
	for i := 0; m.phase != phaseChoose; i++ {
		if i > 10 || m.phase == phaseScore {
			t.Fatalf("no decision point after S3: phase %d", m.phase)
		}
		press(t, m, "space")
	}
	if now := m.replay.now(); now.ID != "S4" {
		t.Errorf("the resumed run asks at %s, not at S4, the next point not answered", now.ID)
	}
}

// A record waiting for its reveal does not say what it is: an execution
// ahead would tell the trainee the suggestion was carried out, so that
// it was approved. Its row shows neither its kind nor its id, and the
// counts so far leave it out.
func TestARecordAheadDoesNotSayWhatItIs(t *testing.T) {
	for _, tc := range []struct {
		name, id, kind, count string
		at                    func(d *model.Document) *model.Event
	}{
		{"a decision", "D1", "HUMAN", "human 1", func(d *model.Document) *model.Event { return &d.Events[2] }},
		{"an execution", "P1", "EXEC", "exec 1", func(d *model.Document) *model.Event {
			d.Events[3].ID = "P1"
			return &d.Events[3]
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, sameSecond(t, tc.at), "INC-8", "mara", 160, 48)
			for i := 0; m.phase != phaseChoose; i++ {
				if i > 5 {
					t.Fatalf("no decision point after %d rows: phase %d", i, m.phase)
				}
				press(t, m, "space")
			}
			screen := screenText(m) + "\n" + tuitest.Text(m.content())
			for _, text := range []string{tc.kind, tc.count} {
				if strings.Contains(screen, text) {
					t.Errorf("before the choice at S1 the screen shows %q:\n%s", text, screen)
				}
			}
			if idPattern(tc.id).MatchString(screen) {
				t.Errorf("before the choice at S1 the screen shows the id %s:\n%s", tc.id, screen)
			}
		})
	}
}
