package train

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/fixtures"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// A resumed run shows what the run it goes on with showed at its latest
// choice: the same rows, each as the replay showed it then, and the same
// suggestion with the evidence collected so far. A resume that showed
// more would tell the trainee what is still ahead.
func TestAResumedRunShowsWhatTheRunShowedAtItsLatestChoice(t *testing.T) {
	store := openFixtures(t)
	docs := []model.Document{laterHumanDecision()}
	if _, err := store.ImportDocument(context.Background(), "later.json", bytes.NewReader(mustJSON(t, docs[0])), "test"); err != nil {
		t.Fatal(err)
	}
	for _, name := range fixtures.Incidents() {
		doc, err := fixtures.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	for _, doc := range docs {
		t.Run(doc.Incident.ID+", resumed after each choice of a run played through", func(t *testing.T) {
			type seen struct {
				rows []model.TimelineRow
				pane string
			}
			var at []seen // what the live run showed at each of its choices
			m := newTestModel(t, store, doc.Incident.ID, "tomas", 160, 48)
			for steps := 0; m.phase != phaseScore; steps++ {
				if steps > 500 {
					t.Fatal("the replay never ends")
				}
				if m.phase == phaseChoose {
					at = append(at, seen{append([]model.TimelineRow(nil), m.replay.rows...), m.content()})
					press(t, m, "r")
					typeText(t, m, "not yet")
					press(t, m, "enter")
				}
				press(t, m, "space")
			}
			all := runs(t, store, doc.Incident.ID)
			played := all[len(all)-1]
			for k, want := range at {
				left := leftWith(t, store, played, k+1)
				r := newTestModel(t, store, doc.Incident.ID, "tomas", 160, 48, func(o *Options) { o.Resume = left })
				if !reflect.DeepEqual(r.replay.rows, want.rows) {
					t.Errorf("resumed after choice %d, the timeline differs from the one played:\n%s", k+1, rowsDiff(r.replay.rows, want.rows))
				}
				if got := r.content(); got != want.pane {
					t.Errorf("resumed after choice %d, the pane shows\n%s\nwhere the run played showed\n%s", k+1, got, want.pane)
				}
			}
		})
	}
}

// laterHumanDecision is the small incident as INC-10, with a host
// isolated at 7 on a person's own decision (no AI asked) that was
// recorded only at 10, after a second suggestion at 8: at S2 the replay
// knows of no decision D9 yet.
func laterHumanDecision() model.Document {
	doc := tuitest.SmallIncident()
	doc.Incident.ID = "INC-10"
	at := func(min int) time.Time { return doc.Incident.OpenedAt.Add(time.Duration(min) * time.Minute) }
	conf := 0.6
	doc.Events = append(doc.Events,
		model.Event{ID: "X9", At: at(7), Kind: model.KindExecution, Decision: "D9", Actor: "alice", Result: "succeeded"},
		model.Event{ID: "S2", At: at(8), Kind: model.KindSuggestion, Agent: "helper", Confidence: &conf, ConfidenceCue: "one host",
			Action: &model.Action{Type: "block_ip", Target: "laptop-9", Detail: "block it"}, Rationale: "more", Evidence: []string{"EV-1"}},
		model.Event{ID: "D2", At: at(9), Kind: model.KindDecision, Suggestion: "S2", Owner: "alice", Outcome: model.OutcomeRejected,
			Rationale: "isolated already", EvidenceReviewed: []string{"EV-1"}},
		model.Event{ID: "D9", At: at(10), Kind: model.KindDecision, Owner: "alice", Outcome: model.OutcomeApproved,
			Action: &model.Action{Type: "isolate_host", Target: "laptop-9", Detail: "again"}, Rationale: "by phone",
			EvidenceReviewed: []string{"EV-1"}})
	return doc
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// leftWith is a run of the trainee of played, left unfinished with its
// first n choices.
func leftWith(t *testing.T, d *db.DB, played model.TrainingRun, n int) int64 {
	t.Helper()
	ctx := context.Background()
	r, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: played.Trainee, Incident: played.Incident, Authority: played.Authority,
		Hindsight: true, StartedAt: played.StartedAt})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range played.Choices[:n] {
		if err := d.RecordTrainingChoice(ctx, r.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.EndTrainingRun(ctx, r.ID, played.StartedAt, false); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// rowsDiff lists the rows that differ, resumed then played.
func rowsDiff(got, want []model.TimelineRow) string {
	out := ""
	for i := range max(len(got), len(want)) {
		var g, w model.TimelineRow
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			out += "  resumed: " + g.ID + " " + g.Summary + "\n  played:  " + w.ID + " " + w.Summary + "\n"
		}
	}
	return out
}
