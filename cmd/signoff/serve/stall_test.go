package serve

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// stalled is a client that stopped reading (a suspended ssh, a dead
// laptop behind a live link): once the workstation's first frame comes,
// its write never returns, so the channel's window is never opened again
// and the server's output backs up. It takes the terminal title written
// before the workstation starts: resizing before the workstation has read
// the terminal's size races inside the SSH library (its window-change
// handler writes the size the session's Pty() reads unguarded).
type stalled struct {
	started chan struct{}
	read    *int
}

func (s stalled) Write(p []byte) (int, error) {
	if *s.read += len(p); *s.read < 1<<10 {
		return len(p), nil
	}
	close(s.started)
	select {}
}

func TestAClientThatStopsReadingHoldsUpNoOtherSession(t *testing.T) {
	f := start(t, 2, 3, nil)
	c, err := f.dial(f.keys["p01"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out := stalled{started: make(chan struct{}), read: new(int)}
	s.Stdout = out
	if err := s.RequestPty("xterm-256color", 500, 1000, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	<-out.started
	// Each screen at 1000×500 is about half a megabyte: a dozen redraws
	// are far more than the 2MB the client's window lets through.
	for i := 0; i < 12; i++ {
		if err := s.WindowChange(500, 1000-i%2); err != nil {
			t.Fatal(err)
		}
	}
	other := f.open("p02", 80, 24)
	other.must(wait, "signoff · p02 (")
	// Let the stalled session's output back up (were it not stalled yet,
	// this test would pass whatever the server does).
	time.Sleep(500 * time.Millisecond)

	// Revoking the stalled key, then another: the second still ends.
	roster := rosterLine("p02", f.keys["p02"]) + rosterLine("p03", f.keys["p03"])
	if err := os.WriteFile(f.signers, []byte(roster), 0o600); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return strings.Contains(f.log.String(), `key revoked" person=p01`) })
	if err := os.WriteFile(f.signers, []byte(rosterLine("p03", f.keys["p03"])), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, err := other.exit(wait); err != nil || code != 1 || !strings.Contains(other.errs.String(), "no longer speaks for p02") {
		t.Fatalf("with another client stalled, a revoked session: exit %d, %v, stderr %q", code, err, other.errs.String())
	}

	// Shutting down does not wait on the stalled client either.
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		done <- f.srv.Shutdown(ctx)
	}()
	select {
	case <-done:
	case <-time.After(wait):
		t.Fatal("the server did not shut down with a client stalled")
	}
}
