package serve

import (
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// silent opens a connection from the loopback address local that never
// logs in: what a scanner, a half-open link or a flood leaves behind.
func (f *fixture) silent(local string) net.Conn {
	f.t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: wait}
	c, err := d.Dial("tcp", f.addr)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { c.Close() })
	return c
}

// admitted opens a silent connection from local and waits until the
// server has let it in (it sends its version first).
func (f *fixture) admitted(local string) net.Conn {
	f.t.Helper()
	c := f.silent(local)
	c.SetReadDeadline(time.Now().Add(wait))
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil || string(buf) != "SSH-" {
		f.t.Fatalf("a connection from %s was not let in: %q, %v", local, buf, err)
	}
	return c
}

// dialFrom logs in with key from the loopback address local.
func (f *fixture) dialFrom(local string, key gossh.Signer) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: wait}
	c, err := d.Dial("tcp", f.addr)
	if err != nil {
		return nil, err
	}
	cc, chans, reqs, err := gossh.NewClientConn(c, f.addr, &gossh.ClientConfig{User: "anyone", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.FixedHostKey(f.hostKey), Timeout: wait})
	if err != nil {
		c.Close()
		return nil, err
	}
	client := gossh.NewClient(cc, chans, reqs)
	f.t.Cleanup(func() { client.Close() })
	return client, nil
}

// closedByServer reads c until the server closes it, or wait passes;
// it returns whatever the server sent first.
func closedByServer(t *testing.T, c net.Conn) (string, bool) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(wait))
	var got []byte
	buf := make([]byte, 256)
	for {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			return string(got), !errors.Is(err, os.ErrDeadlineExceeded)
		}
	}
}

func TestAConnectionThatDoesNotLogInIsClosedAfterTheGrace(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.LoginGrace = 300 * time.Millisecond })
	c := f.silent("127.0.0.1")
	if _, closed := closedByServer(t, c); !closed {
		t.Fatalf("a connection that never logged in was still open after %s", wait)
	}
	waitUntil(t, func() bool { return strings.Contains(f.log.String(), "did not log in within 300ms") })
	// A person who logs in within the grace keeps their session past it.
	tm := f.open("p01", 80, 24)
	tm.must(wait, "signoff · p01 (")
	time.Sleep(600 * time.Millisecond)
	tm.send("P")
	tm.must(wait, "deciding as p01")
}

func TestConnectionsLoggingInAreCappedPerAddressAndInTotal(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.MaxStartups, c.MaxStartupsPerAddr = 4, 2 })
	a1, _ := f.admitted("127.0.0.1"), f.admitted("127.0.0.1")
	if sent, closed := closedByServer(t, f.silent("127.0.0.1")); !closed || sent != "" {
		t.Fatalf("a third connection logging in from one address: closed %v after %q", closed, sent)
	}
	waitUntil(t, func() bool {
		return strings.Contains(f.log.String(), "connection refused: 2 connections from this address are logging in already")
	})
	// Another address still gets in, and logs in.
	c, err := f.dialFrom("127.0.0.2", f.keys["p01"])
	if err != nil {
		t.Fatalf("a person from another address: %v", err)
	}
	c.Close()
	waitUntil(t, func() bool { return f.loggingIn() == 2 })
	f.admitted("127.0.0.2")
	f.admitted("127.0.0.3")
	if sent, closed := closedByServer(t, f.silent("127.0.0.4")); !closed || sent != "" {
		t.Fatalf("a fifth connection logging in: closed %v after %q", closed, sent)
	}
	waitUntil(t, func() bool {
		return strings.Contains(f.log.String(), "connection refused: 4 connections are logging in already")
	})
	// A connection that gives up makes room for the next.
	a1.Close()
	waitUntil(t, func() bool { return f.loggingIn() == 3 })
	if c, err := f.dialFrom("127.0.0.1", f.keys["p01"]); err != nil {
		t.Fatalf("after one gave up: %v", err)
	} else {
		c.Close()
	}
}

// loggingIn is how many connections the server counts as logging in.
func (f *fixture) loggingIn() int {
	f.srv.startups.mu.Lock()
	defer f.srv.startups.mu.Unlock()
	return f.srv.startups.total
}
