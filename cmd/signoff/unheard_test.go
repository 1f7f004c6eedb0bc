package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/db"
)

// deafStore is a store that cannot hear of writes (no inotify instance
// was left) and says why.
type deafStore struct{ *db.DB }

func (deafStore) Unheard() string {
	return "writes to /srv/signoff.db cannot be heard of (no inotify instance could be had), so it is read every 50ms instead"
}

// A waiting command whose store polls where it should hear of writes says
// so once on stderr: an operator whose gates use up the user's inotify
// instances learns why they cost CPU.
func TestWaitingCommandsSayOnceWhenWritesCannotBeHeard(t *testing.T) {
	path := demoDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reader, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var out, errb syncBuffer
	a := &app{stdout: &out, stderr: &errb}
	done := make(chan error)
	go func() { done <- a.streamDecisions(ctx, deafStore{reader}, 0, true, nil) }()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(errb.String(), "cannot be heard of"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("--follow never said it polls: stderr %q", errb.String())
		}
	}
	time.Sleep(3 * followPoll)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(errb.String(), "cannot be heard of"); n != 1 || !strings.HasPrefix(errb.String(), "signoff: note: writes to") {
		t.Errorf("said %d times that it polls: %q", n, errb.String())
	}
}
