package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/train"
)

func TestTrainResumeNeedsAnUnfinishedRun(t *testing.T) {
	path := demoDB(t)
	r := signoff(t, path, "", "--as", "ana", "train", "INC-2041", "--resume")
	if r.code != exitUsage || !strings.Contains(r.stderr, "ana has no unfinished training run of INC-2041 to resume") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// openRun starts a run on INC-2044 and leaves it open, as a process
// killed mid-run does, with a choice on S2 when choose says so.
func openRun(t *testing.T, d *db.DB, trainee string, at time.Time, choose bool) model.TrainingRun {
	t.Helper()
	ctx := context.Background()
	r, err := d.StartTrainingRun(ctx, model.TrainingRun{Trainee: trainee, Incident: "INC-2044", Hindsight: true, StartedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	if choose {
		c := model.TrainingChoice{Subject: "S2", Outcome: model.OutcomeRejected, Rationale: "no evidence yet", At: at.Add(time.Minute)}
		if err := d.RecordTrainingChoice(ctx, r.ID, c); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestTheRunToResume(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	closed := openRun(t, d, "ana", at, true)
	if err := d.EndTrainingRun(ctx, closed.ID, at.Add(time.Hour), false); err != nil {
		t.Fatal(err)
	}
	left := openRun(t, d, "ana", at.Add(2*time.Hour), true)
	openRun(t, d, "bo", at.Add(3*time.Hour), false)

	t.Run("a run never closed (its process was killed) is the one resumed when it is the latest", func(t *testing.T) {
		if r, err := lastUnfinished(ctx, d, "INC-2044", "ana"); err != nil || r.ID != left.ID {
			t.Errorf("resuming ana's run: %+v, %v; want run %d, left open", r, err, left.ID)
		}
	})
	t.Run("a run another run went on with and finished is not resumed again", func(t *testing.T) {
		first := openRun(t, d, "cy", at, true)
		if err := d.EndTrainingRun(ctx, first.ID, at.Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		next, err := d.ResumeTrainingRun(ctx, first.ID, at.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.EndTrainingRun(ctx, next.ID, at.Add(3*time.Hour), true); err != nil {
			t.Fatal(err)
		}
		if r, err := lastUnfinished(ctx, d, "INC-2044", "cy"); model.ErrorCode(err) != model.ENOTFOUND {
			t.Errorf("resuming cy's run: %+v, %v; want none: run %d went on with run %d and finished", r, err, next.ID, first.ID)
		}
	})
}

// firstRead is a store that says when the screen first reads the
// timeline: the run has started (or been resumed).
type firstRead struct {
	database
	reading chan struct{}
	once    sync.Once
}

func (f *firstRead) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	f.once.Do(func() { close(f.reading) })
	return f.database.TimelineAfter(ctx, inc, after, limit)
}

// A trainee whose laptop died mid-run goes on with the run with --resume:
// a new run holding its choices, closed unfinished when left with q.
func TestTrainResumeGoesOnWithARunLeftOpen(t *testing.T) {
	was := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = was }()
	ctx := context.Background()
	d, err := db.Open(ctx, demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	left := openRun(t, d, "mara", time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), true)
	store := &firstRead{database: d, reading: make(chan struct{})}
	keys, typed := io.Pipe()
	defer typed.Close()
	go func() {
		<-store.reading
		typed.Write([]byte("q"))
	}()
	var out, errb bytes.Buffer
	a := &app{stdin: keys, stdout: &out, stderr: &errb, person: "mara", store: store}
	if err := a.runTraining(ctx, train.Options{Incident: "INC-2044"}, true); err != nil {
		t.Fatal(err)
	}
	runs, err := d.TrainingRuns(ctx, "INC-2044")
	if err != nil || len(runs) != 2 {
		t.Fatalf("runs %+v, %v", runs, err)
	}
	old, next := runs[0], runs[1]
	if next.Resumes != left.ID || next.EndedAt == nil || next.Finished || len(next.Choices) != 1 || next.Choices[0].Subject != "S2" {
		t.Errorf("the run resumed: %+v", next)
	}
	if old.EndedAt != nil || len(old.Choices) != 1 {
		t.Errorf("the run left open changed: %+v", old)
	}
	if said := out.String(); !strings.Contains(said, "saved unfinished") || !strings.Contains(said, "training run "+itoa64(next.ID)) {
		t.Errorf("after leaving the resumed run, signoff said:\n%s", said)
	}
}

// A trainer tells a run closed unfinished from one never closed, and sees
// which run went on with which.
func TestTrainResultsTellARunLeftOpen(t *testing.T) {
	path := demoDB(t)
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	closed := openRun(t, d, "ana", at, true)
	if err := d.EndTrainingRun(ctx, closed.ID, at.Add(time.Hour), false); err != nil {
		t.Fatal(err)
	}
	open := openRun(t, d, "bo", at, true)
	next, err := d.ResumeTrainingRun(ctx, open.ID, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	r := signoff(t, path, "", "train", "--results", "INC-2044")
	for _, want := range []struct {
		run   int64
		state string
	}{{closed.ID, "unfinished"}, {open.ID, fmt.Sprintf("left open, resumed as %d", next.ID)}, {next.ID, "left open"}} {
		if line := lineOf(r.stdout, want.run); !strings.Contains(line, "  "+want.state+"  ") {
			t.Errorf("run %d is not %q:\n%s", want.run, want.state, r.stdout)
		}
	}
	var got []runResult
	r = signoff(t, path, "", "train", "--results", "INC-2044", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 3 {
		t.Fatalf("%v in %s", err, r.stdout)
	}
	if got[2].Resumes == nil || *got[2].Resumes != open.ID || got[0].Resumes != nil {
		t.Errorf("--json says run %d resumes %v and run %d resumes %v", got[2].Run, got[2].Resumes, got[0].Run, got[0].Resumes)
	}
}

// lineOf is the line of a --results table about a run.
func lineOf(table string, run int64) string {
	for _, l := range strings.Split(table, "\n") {
		if strings.HasPrefix(l, itoa64(run)+" ") {
			return l
		}
	}
	return ""
}
