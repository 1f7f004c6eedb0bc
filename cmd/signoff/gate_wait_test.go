package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// lookCountingStore counts the gate's reads of the step.
type lookCountingStore struct {
	*db.DB
	looks atomic.Int64
}

func (s *lookCountingStore) Step(ctx context.Context, incident, id string) (model.Step, error) {
	s.looks.Add(1)
	return s.DB.Step(ctx, incident, id)
}

// A waiting gate sleeps until its store says another process wrote: with
// its own re-reading put an hour away, a decision made by another process
// still answers it.
func TestAWaitingGateIsWokenByAnotherProcesssDecision(t *testing.T) {
	recheck := gateRecheck
	gateRecheck = time.Hour
	defer func() { gateRecheck = recheck }()
	path := gateDB(t)
	ctx := context.Background()
	store, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	src := &lookCountingStore{DB: store}
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
	o := gateOptions{incident: "INC-7", agent: "claude", format: gate.ClaudeCode, wait: time.Hour}
	p := review.DefaultPolicy()
	calls, err := a.recordCalls(ctx, src, p, mapping, o, req, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.await(ctx, src, p, o, calls) }()
	for src.looks.Load() < 1 { // the gate has looked and found no decision
		time.Sleep(time.Millisecond)
	}
	decideIn(t, path, "--as", "priya", "approve", "INC-7/S-toolu_01Bash", "--rationale", "heard, not polled for")
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatalf("the gate still waits after another process decided; stderr %q", errb.String())
	}
	if err != nil {
		t.Fatal(err)
	}
	if res := calls[0].res; res == nil || res.Ending != gate.Decided || res.Decision == nil || res.Decision.Outcome != model.OutcomeApproved {
		t.Errorf("the gate ended with %+v, want the approval", res)
	}
}
