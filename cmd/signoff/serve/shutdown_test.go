package serve

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Shutting down tells every open session why it ends; a connection that
// stays open meanwhile (ssh's ControlMaster keeps it for the next
// session) must not start a workstation the shutdown will cut off
// without a word.
func TestASessionOpenedWhileShuttingDownIsRefusedWithTheReason(t *testing.T) {
	f := start(t, 2, 1, nil)
	first := f.open("p01", 80, 24)
	first.must(wait, "signoff · p01 (")

	stopped := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		stopped <- f.srv.Shutdown(ctx)
	}()
	if code, err := first.exit(wait); err != nil || code != 1 || !strings.Contains(first.errs.String(), "shutting down") {
		t.Fatalf("the open session at shutdown: exit %d, %v, stderr %q", code, err, first.errs.String())
	}

	// The same connection, still open, asks for another session.
	next := f.session(first.client, 80, 24, nil)
	code, err := next.exit(wait)
	if err != nil || code != 1 || !strings.Contains(next.errs.String(), "shutting down") {
		t.Errorf("a session opened while shutting down: exit %d, %v, stderr %q; screen:\n%s", code, err, next.errs.String(), next.tail())
	}
	first.client.Close()
	select {
	case <-stopped:
	case <-time.After(wait):
		t.Fatal("the server did not shut down")
	}
}
