package serve

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// pausable is a client's connection that stops reading when paused: a
// laptop closed, a link gone dead without a word.
type pausable struct {
	net.Conn
	once   sync.Once
	paused chan struct{}
}

func (p *pausable) pause() { p.once.Do(func() { close(p.paused) }) }

func (p *pausable) Read(b []byte) (int, error) {
	select {
	case <-p.paused:
		select {} // never again
	default:
		return p.Conn.Read(b)
	}
}

func TestAConnectionThatStopsAnsweringIsClosed(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.KeepAlive = 100 * time.Millisecond })
	raw, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn := &pausable{Conn: raw, paused: make(chan struct{})}
	t.Cleanup(func() { raw.Close() })
	cc, chans, reqs, err := gossh.NewClientConn(conn, f.addr, &gossh.ClientConfig{User: "anyone",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(f.keys["p01"])}, HostKeyCallback: gossh.FixedHostKey(f.hostKey), Timeout: wait})
	if err != nil {
		t.Fatal(err)
	}
	c := gossh.NewClient(cc, chans, reqs)
	if _, err := channel(t, c); err != nil {
		t.Fatal(err)
	}
	// Answering, it stays past several keepalives.
	time.Sleep(500 * time.Millisecond)
	if n := f.connections(); n != 1 {
		t.Fatalf("%d connections counted while the client answers", n)
	}
	conn.pause()
	waitUntil(t, func() bool { return f.connections() == 0 })
	if !strings.Contains(f.log.String(), "connection closed: it answered no keepalive for 300ms") {
		t.Errorf("the closing is not logged:\n%s", f.log.String())
	}
}

// connections is how many logged-in connections the server counts.
func (f *fixture) connections() int {
	f.srv.slots.mu.Lock()
	defer f.srv.slots.mu.Unlock()
	return f.srv.slots.totalConns
}
