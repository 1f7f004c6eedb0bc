package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/train"
)

// hungClose is a store over which a training run's close never answers
// (a hung connection) until the workstation lets go of it. replaying is
// closed once the replay reads its first row: the run has started.
type hungClose struct {
	database
	replaying chan struct{}
	once      sync.Once
}

func (h *hungClose) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	h.once.Do(func() { close(h.replaying) })
	return h.database.TimelineAfter(ctx, inc, after, limit)
}

func (h *hungClose) EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error {
	<-ctx.Done()
	return ctx.Err()
}

// ctrl+c, alone or while q's close is on its way, leaves at once; what is
// printed then must not say the run was saved unfinished while its close
// has not landed.
func TestTrainingLeftWhileItsCloseHangsDoesNotClaimItWasSaved(t *testing.T) {
	was := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = was }()
	path := demoDB(t)
	for _, typed := range []string{"q\x03", "\x03"} {
		t.Run(strings.ReplaceAll(typed, "\x03", "ctrl+c"), func(t *testing.T) { leaveWhileTheCloseHangs(t, path, typed) })
	}
}

func leaveWhileTheCloseHangs(t *testing.T, path, typed string) {
	ctx := context.Background()
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	store := &hungClose{database: d, replaying: make(chan struct{})}
	keys, w := io.Pipe()
	defer w.Close()
	go func() {
		<-store.replaying
		w.Write([]byte(typed))
	}()
	var out, errb bytes.Buffer
	a := &app{stdin: keys, stdout: &out, stderr: &errb, person: "mara", store: store}
	done := make(chan error, 1)
	go func() { done <- a.runTraining(ctx, train.Options{Incident: "INC-2041"}, false) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute): // only ends a hang; nothing here takes more than a moment and settleFor
		t.Fatalf("%q did not leave while the run's close hung", typed)
	}
	said := out.String()
	if i := strings.LastIndex(said, "training run"); i >= 0 {
		said = said[i:]
	}
	if strings.Contains(said, "saved unfinished") || !strings.Contains(said, "may not have been saved") {
		t.Errorf("after leaving with the close on its way, signoff said:\n%s", said)
	}
}

// hungStart is a store over which a training run's start never answers
// until the workstation lets go of it; asked is closed once it is asked.
type hungStart struct {
	database
	asked chan struct{}
}

func (h *hungStart) StartTrainingRun(ctx context.Context, r model.TrainingRun) (model.TrainingRun, error) {
	close(h.asked)
	<-ctx.Done()
	return r, ctx.Err()
}

// q, then ctrl+c, before the run's start was answered: what is printed
// says a run may have been left open, and how to go on with it.
func TestTrainingLeftBeforeItsStartWasAnsweredSaysHowToGoOn(t *testing.T) {
	was := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = was }()
	ctx := context.Background()
	d, err := db.Open(ctx, demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	store := &hungStart{database: d, asked: make(chan struct{})}
	keys, typed := io.Pipe()
	defer typed.Close()
	go func() {
		<-store.asked
		typed.Write([]byte("q\x03"))
	}()
	var out, errb bytes.Buffer
	a := &app{stdin: keys, stdout: &out, stderr: &errb, person: "mara", store: store}
	if err := a.runTraining(ctx, train.Options{Incident: "INC-2041"}, false); err != nil {
		t.Fatal(err)
	}
	said := out.String()
	if i := strings.LastIndex(said, "you left training"); i >= 0 {
		said = said[i:]
	}
	if !strings.Contains(said, "before the store answered the run's start") || !strings.Contains(said, "signoff train INC-2041 --resume") {
		t.Errorf("after leaving with the start on its way, signoff said:\n%s", said)
	}
}

// awayClose is a store over which a training run's close finds the
// server away; replaying is closed once the replay reads its first row.
type awayClose struct {
	database
	replaying chan struct{}
	once      sync.Once
}

func (s *awayClose) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	s.once.Do(func() { close(s.replaying) })
	return s.database.TimelineAfter(ctx, inc, after, limit)
}

func (s *awayClose) EndTrainingRun(context.Context, int64, time.Time, bool) error {
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (connection refused)")
}

// Training left while the server is away (q, which waits for it, then
// ctrl+c): the run stays open, and what is printed says so and how to go
// on with it, beside the store's sentence.
func TestTrainingLeftWhileTheServerIsAwaySaysTheRunIsOpen(t *testing.T) {
	was := isTerminal
	isTerminal = func(any) bool { return true }
	defer func() { isTerminal = was }()
	ctx := context.Background()
	d, err := db.Open(ctx, demoDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	store := &awayClose{database: d, replaying: make(chan struct{})}
	keys, typed := io.Pipe()
	defer typed.Close()
	go func() {
		<-store.replaying
		typed.Write([]byte("q\x03"))
	}()
	var out, errb bytes.Buffer
	a := &app{stdin: keys, stdout: &out, stderr: &errb, person: "mara", store: store}
	err = a.runTraining(ctx, train.Options{Incident: "INC-2041"}, false)
	if model.ErrorCode(err) != model.EUNAVAILABLE {
		t.Errorf("runTraining returned %v; want the server's sentence", err)
	}
	if said := out.String(); !strings.Contains(said, "left open") || !strings.Contains(said, "signoff train INC-2041 --resume") {
		t.Errorf("after leaving with the server away, signoff said:\n%s", said)
	}
}
