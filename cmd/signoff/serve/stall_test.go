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

// A session ended from outside (its key revoked, idle) whose client reads
// nothing more cannot draw its way to the end: its output is stuck behind
// the channel's window, and the workstation with it. Its connection is
// closed then, or it kept its place under the caps, its workstation and
// its memory for as long as the client answered keepalives: for ever.
func TestARevokedSessionWhoseClientStoppedReadingIsHungUp(t *testing.T) {
	f := start(t, 2, 2, func(c *Config) { c.EndGrace = 300 * time.Millisecond })
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
	// Each change of size redraws the whole 500x1000 screen, but changes
	// sent back to back are drawn as one frame: spaced out, they are drawn
	// one by one, many times the 2 MiB the client's window holds, so the
	// output is surely stuck when the key is revoked (twelve at once were
	// sometimes drawn within the window on a loaded machine), and the
	// later changes wait behind the stuck workstation, holding up the
	// connection's reader: closing the connection alone freed nothing then.
	for i := 0; i < 40; i++ {
		if err := s.WindowChange(500, 1000-i%2); err != nil {
			t.Fatal(err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // the output backs up

	if err := os.WriteFile(f.signers, []byte(rosterLine("p02", f.keys["p02"])), 0o600); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { return strings.Contains(f.log.String(), `msg="session ended" person=p01`) }, f.log.String)
	if n := len(f.srv.sessions.all()); n != 0 {
		t.Errorf("%d sessions still open after the stalled one ended", n)
	}
	closed := make(chan error, 1)
	go func() { closed <- c.Wait() }()
	select {
	case <-closed:
	case <-time.After(wait):
		t.Fatal("the stalled client's connection stayed open")
	}
	if !strings.Contains(f.log.String(), `connection closed: its session was ended and its client read nothing`) {
		t.Errorf("the log does not say why the connection was closed:\n%s", f.log.String())
	}
}
