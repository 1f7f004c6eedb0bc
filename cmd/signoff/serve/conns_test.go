package serve

import (
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// login logs in as person, until the test ends.
func (f *fixture) login(t *testing.T, person string) *gossh.Client {
	t.Helper()
	c, err := f.dial(f.keys[person])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// channel opens a session channel on c without starting anything in it.
func channel(t *testing.T, c *gossh.Client) (gossh.Channel, error) {
	t.Helper()
	ch, reqs, err := c.OpenChannel("session", nil)
	if err == nil {
		go gossh.DiscardRequests(reqs)
		t.Cleanup(func() { ch.Close() })
	}
	return ch, err
}

// refusedFor says whether err refuses a channel for want.
func refusedFor(err error, want string) bool {
	var open *gossh.OpenChannelError
	return errors.As(err, &open) && open.Reason == gossh.ResourceShortage && strings.Contains(open.Message, want)
}

func TestOneKeysSessionsAreCappedHoweverTheyAreOpened(t *testing.T) {
	t.Run("channels on one connection count against the key", func(t *testing.T) {
		f := start(t, 1, 1, func(c *Config) { c.MaxPerKey = 2 })
		c := f.login(t, "p01")
		first, err := channel(t, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := channel(t, c); err != nil {
			t.Fatal(err)
		}
		if _, err := channel(t, c); !refusedFor(err, "p01 already has 2 sessions open with key SHA256:") {
			t.Fatalf("a third session channel with a limit of 2: %v", err)
		}
		// A session closed makes room for the next.
		first.Close()
		waitUntil(t, func() bool { _, err := channel(t, c); return err == nil })
	})
	t.Run("connections count against the key", func(t *testing.T) {
		f := start(t, 1, 1, func(c *Config) { c.MaxPerKey = 2 })
		for i := 0; i < 2; i++ {
			ch, err := channel(t, f.login(t, "p01"))
			if err != nil {
				t.Fatal(err)
			}
			ch.Close() // the connection stays, as a multiplexing master does
		}
		c := f.login(t, "p01")
		if _, err := channel(t, c); !refusedFor(err, "p01 already has 2 connections open with key SHA256:") {
			t.Fatalf("a session on a third connection with a limit of 2: %v", err)
		}
		if !closedWithin(c) {
			t.Error("the connection past the limit was left open")
		}
	})
	t.Run("connections count in total", func(t *testing.T) {
		f := start(t, 1, 3, func(c *Config) { c.MaxSessions = 2 })
		for _, who := range []string{"p01", "p02"} {
			if _, err := channel(t, f.login(t, who)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := channel(t, f.login(t, "p03")); !refusedFor(err, "signoff serve already has 2 connections open, its limit") {
			t.Fatalf("a third connection with a limit of 2: %v", err)
		}
	})
	t.Run("a connection that opens no session is closed after the grace", func(t *testing.T) {
		f := start(t, 1, 1, func(c *Config) { c.LoginGrace = 300 * time.Millisecond })
		c := f.login(t, "p01")
		if !closedWithin(c) {
			t.Fatalf("a logged-in connection without a session was still open after %s", wait)
		}
		waitUntil(t, func() bool { return strings.Contains(f.log.String(), "opened no session within 300ms") })
	})
	t.Run("a session that starts no workstation is closed after the grace", func(t *testing.T) {
		// A session channel with a terminal and no shell holds a place
		// under the caps, and no workstation goes idle to end it.
		f := start(t, 1, 1, func(c *Config) { c.LoginGrace = 300 * time.Millisecond })
		c := f.login(t, "p01")
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		if !closedWithin(c) {
			t.Fatalf("a connection whose session started nothing was still open after %s", wait)
		}
		waitUntil(t, func() bool { return strings.Contains(f.log.String(), "started no workstation within 300ms") })
	})
}

// closedWithin says whether the server closes c within wait.
func closedWithin(c *gossh.Client) bool {
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(wait):
		return false
	}
}

func TestASessionClosedOnAConnectionThatStaysEndsItsWorkstation(t *testing.T) {
	// ssh's ControlMaster keeps the connection when a terminal closes its
	// session: the workstation must end with the session, or it holds
	// its place under the caps until the idle limit.
	f := start(t, 1, 1, func(c *Config) { c.MaxPerKey = 1 })
	tm := f.open("p01", 80, 24)
	tm.must(wait, "signoff · p01 (")
	tm.sess.Close()
	waitUntil(t, func() bool { return len(f.srv.sessions.all()) == 0 })
	f.session(tm.client, 80, 24, nil).must(wait, "signoff · p01 (")
}
