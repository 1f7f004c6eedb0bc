package tui

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// awayTrainStore is serverStore whose reads and writes named in fails
// fail while the server is away; the others answer, so each test finds
// the server away at one moment of a run.
type awayTrainStore struct {
	*serverStore
	fails map[string]bool
}

func (s awayTrainStore) away(what string) bool { return s.offline && s.fails[what] }

func (s awayTrainStore) StartTrainingRun(ctx context.Context, r model.TrainingRun) (model.TrainingRun, error) {
	if s.away("start") {
		return model.TrainingRun{}, errAway()
	}
	return s.serverStore.StartTrainingRun(ctx, r)
}

func (s awayTrainStore) ResumeTrainingRun(ctx context.Context, run int64, at time.Time) (model.TrainingRun, error) {
	if s.away("resume") {
		return model.TrainingRun{}, errAway()
	}
	return s.serverStore.ResumeTrainingRun(ctx, run, at)
}

func (s awayTrainStore) TimelineAfter(ctx context.Context, incident string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if s.away("timeline") {
		return nil, errAway()
	}
	return s.serverStore.TimelineAfter(ctx, incident, after, limit)
}

func (s awayTrainStore) EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error {
	if s.away("end") {
		return errAway()
	}
	return s.serverStore.EndTrainingRun(ctx, run, at, finished)
}

func (s awayTrainStore) EachRecord(ctx context.Context, incident string, fn func(model.TimelineRecord) error) error {
	if s.away("score") {
		return errAway()
	}
	return s.serverStore.EachRecord(ctx, incident, fn)
}

// smallStore is a store with the bundled incidents and the small INC-7:
// E1, EV-1, S1 (decided: the one decision point), D1, X1.
func smallStore(t *testing.T) *db.DB {
	t.Helper()
	base := dbtest.Open(t, clock)
	raw, err := json.Marshal(tuitest.SmallIncident())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := base.ImportDocument(context.Background(), "small.json", bytes.NewReader(raw), "test"); err != nil {
		t.Fatal(err)
	}
	return base
}

func trainingRuns(t *testing.T, base *db.DB) []model.TrainingRun {
	t.Helper()
	runs, err := base.TrainingRuns(context.Background(), "INC-7")
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// leftAtS1 saves alice's run of INC-7 left unfinished after her choice
// at S1, for --resume.
func leftAtS1(t *testing.T, base *db.DB) int64 {
	t.Helper()
	ctx := context.Background()
	run, err := base.StartTrainingRun(ctx, model.TrainingRun{Trainee: "alice", Incident: "INC-7", Hindsight: true, StartedAt: clock})
	if err != nil {
		t.Fatal(err)
	}
	c := model.TrainingChoice{Subject: "S1", Outcome: model.OutcomeRejected, Rationale: "not needed", At: clock}
	if err := base.RecordTrainingChoice(ctx, run.ID, c); err != nil {
		t.Fatal(err)
	}
	if err := base.EndTrainingRun(ctx, run.ID, clock.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	return run.ID
}

// Training started, resumed or read while the server is away (a restart)
// says so and goes on once it is back, as the other screens do: the
// workstation does not end.
func TestTrainingWhileTheServerIsAwayGoesOnWhenItIsBack(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fails  string
		resume bool
		back   string
	}{
		{"a run started while the server is away starts once it is back", "start", false, "macro on laptop-9"},
		{"a run whose first event is read while the server is away shows it once it is back", "timeline", false, "macro on laptop-9"},
		{"a run resumed while the server is away resumes once it is back", "resume", true, "Resumed as run"},
		{"a resumed run whose replay is read while the server is away goes on once it is back", "timeline", true, "Resumed as run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := smallStore(t)
			o := Options{Start: StartTraining}
			o.Training.Incident = "INC-7"
			if tc.resume {
				o.Training.Resume = leftAtS1(t, base)
			}
			store := awayTrainStore{&serverStore{DB: base, version: 1, offline: true}, map[string]bool{tc.fails: true}}
			a := newTestAppWith(t, o, store, "alice", 80, 24)
			awayThenBack(t, a, store.serverStore, "training", screenTrain, tc.back)
			want := 1
			if tc.resume {
				want = 2
			}
			if runs := trainingRuns(t, base); len(runs) != want {
				t.Errorf("%d runs saved, want %d: %+v", len(runs), want, runs)
			}
		})
	}
}

// The end of a run reached while the server is away (its close, or its
// scoring) says so and shows the scorecard once the server is back; the
// run is closed once.
func TestATrainingRunEndedWhileTheServerIsAwayIsScoredWhenItIsBack(t *testing.T) {
	for _, fails := range []string{"end", "score"} {
		t.Run("the server away at the run's "+fails, func(t *testing.T) {
			base := smallStore(t)
			o := Options{Start: StartTraining}
			o.Training.Incident = "INC-7"
			store := awayTrainStore{&serverStore{DB: base, version: 1}, map[string]bool{fails: true}}
			a := newTestAppWith(t, o, store, "alice", 80, 24)
			press(t, a, "space", "space", "r")
			for _, r := range "not needed" {
				press(t, a, string(r))
			}
			press(t, a, "enter", "space", "space")
			store.offline = true
			press(t, a, "space")
			awayThenBack(t, a, store.serverStore, "the run ended", screenTrain, "SCORECARD")
			runs := trainingRuns(t, base)
			if len(runs) != 1 || !runs[0].Finished || len(runs[0].Choices) != 1 {
				t.Errorf("saved runs %+v; want one finished run with its choice", runs)
			}
		})
	}
}
