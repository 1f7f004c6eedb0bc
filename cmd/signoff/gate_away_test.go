package main

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// gateAwayStore is a store whose server goes away while away is set:
// everything a waiting gate reads or writes says it cannot be reached.
type gateAwayStore struct {
	*db.DB
	away  atomic.Bool
	polls atomic.Int64  // how often DataVersion was read
	went  chan struct{} // closed when the server goes, as PostgreSQL's listener says
}

// goAway takes the server away: the store says so to whoever waits on
// Changed, as a PostgreSQL store whose listening connection drops does.
func (s *gateAwayStore) goAway() {
	s.away.Store(true)
	close(s.went)
}

func (s *gateAwayStore) Changed() <-chan struct{} {
	if s.away.Load() {
		return make(chan struct{}) // nothing more is heard while it is away
	}
	return s.went
}

func (s *gateAwayStore) gone() error {
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (connection refused)")
}

func (s *gateAwayStore) DataVersion(ctx context.Context) (int64, error) {
	s.polls.Add(1)
	if s.away.Load() {
		return 0, s.gone()
	}
	return s.DB.DataVersion(ctx)
}

func (s *gateAwayStore) Step(ctx context.Context, incident, id string) (model.Step, error) {
	if s.away.Load() {
		return model.Step{}, s.gone()
	}
	return s.DB.Step(ctx, incident, id)
}

func (s *gateAwayStore) NoteUnanswered(ctx context.Context, incident, suggestion, actor string, note model.Event) (*model.Event, error) {
	if s.away.Load() {
		return nil, s.gone()
	}
	return s.DB.NoteUnanswered(ctx, incident, suggestion, actor, note)
}

func (s *gateAwayStore) NoteGate(ctx context.Context, incident, suggestion, actor string, choose func(*model.Event, []model.Event) *model.Event) (*model.Event, bool, error) {
	if s.away.Load() {
		return nil, false, s.gone()
	}
	return s.DB.NoteGate(ctx, incident, suggestion, actor, choose)
}

// A gate waits out a database that is away, but not past --wait: then it
// answers that it could not decide, rather than leave the answer to the
// framework's own timeout and permission rules.
func TestGateWhoseDatabaseIsAwayWhenTheWaitRunsOutAnswersThatItCannotDecide(t *testing.T) {
	path := gateDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	src := &gateAwayStore{DB: store, went: make(chan struct{})}
	var out, errb syncBuffer
	a := &app{stdout: &out, stderr: &errb}
	mapping, err := a.loadMap(gateMap)
	if err != nil {
		t.Fatal(err)
	}
	req, err := gate.Decode(gate.ClaudeCode, []byte(golden(t, "claude-code/pretooluse-bash.json")))
	if err != nil {
		t.Fatal(err)
	}
	o := gateOptions{incident: "INC-7", agent: "claude", format: gate.ClaudeCode, wait: 300 * time.Millisecond}
	p := review.DefaultPolicy()
	calls, err := a.recordCalls(ctx, src, p, mapping, o, req, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.await(ctx, src, p, o, calls) }()
	for src.polls.Load() < 1 { // the gate waits: the server goes away
		if len(done) > 0 {
			t.Fatalf("the gate ended before the server went away: %v", <-done)
		}
		time.Sleep(time.Millisecond)
	}
	src.goAway()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("the gate still waits, long past --wait %s, while the database is away; stderr %q", o.wait, errb.String())
	}
	if model.ErrorCode(err) != model.EUNAVAILABLE || !strings.Contains(model.ErrorMessage(err), "no decision on INC-7/S-toolu_01Bash could be read within 300ms") ||
		!strings.Contains(model.ErrorMessage(err), "cannot be reached") {
		t.Errorf("the gate ended with %v", err)
	}
}
