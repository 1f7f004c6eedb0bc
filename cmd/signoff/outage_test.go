package main

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// awayStore is a store whose server goes away while away is set: its
// reads say it cannot be reached.
type awayStore struct {
	*db.DB
	away atomic.Bool
}

func (s *awayStore) gone() error {
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (connection refused)")
}

func (s *awayStore) DataVersion(ctx context.Context) (int64, error) {
	if s.away.Load() {
		return 0, s.gone()
	}
	return s.DB.DataVersion(ctx)
}

func (s *awayStore) DecisionsSince(ctx context.Context, since int64, limit int) ([]model.DecisionLine, error) {
	if s.away.Load() {
		return nil, s.gone()
	}
	return s.DB.DecisionsSince(ctx, since, limit)
}

// --follow waits out a server that goes away, saying so once, and prints
// what was decided meanwhile once the server answers again.
func TestDecisionsFollowWaitsWhileTheDatabaseIsAway(t *testing.T) {
	path := demoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reader, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	writer, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	src := &awayStore{DB: reader}
	var out, errb syncBuffer
	a := &app{stdout: &out, stderr: &errb}
	done := make(chan error)
	go func() { done <- a.streamDecisions(ctx, src, 0, true, nil) }()
	time.Sleep(2 * followPoll)
	src.away.Store(true)
	if _, err := writer.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "tomas",
		Outcome: model.OutcomeApproved, Rationale: "cheap"}, review.DecisionChecker(review.DefaultPolicy())); err != nil {
		t.Fatal(err)
	}
	wait := func(b *syncBuffer, text string) {
		t.Helper()
		for deadline := time.Now().Add(10 * followPoll); !strings.Contains(b.String(), text); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("no %q after the server went away: stdout %q, stderr %q", text, out.String(), errb.String())
			}
		}
	}
	wait(&errb, "cannot be reached (connection refused); waiting for it")
	time.Sleep(3 * followPoll)
	if n := strings.Count(errb.String(), "waiting for it"); n != 1 {
		t.Errorf("said %d times that it waits: %q", n, errb.String())
	}
	src.away.Store(false)
	wait(&out, `"decision":"D-S5"`)
	wait(&errb, "the database answers again")
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
