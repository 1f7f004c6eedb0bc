package serve

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
)

// silentSession is a session whose client gives no window at all: any
// write waits until the connection is closed (hangUp). OpenSSH opens
// with two megabytes; a client of one's own can open with none.
type silentSession struct {
	ssh.Session // what the workstation does not use
	ctx         *silentCtx
	cut         chan struct{}
}

func (s *silentSession) Write(p []byte) (int, error) {
	<-s.cut
	return 0, errors.New("the connection is closed")
}
func (s *silentSession) Read(p []byte) (int, error) { <-s.cut; return 0, errors.New("closed") }
func (s *silentSession) Environ() []string          { return []string{"TERM=xterm"} }
func (s *silentSession) Context() ssh.Context       { return s.ctx }

type silentCtx struct {
	ssh.Context
	sync.Mutex
	parent context.Context
}

func (c *silentCtx) Done() <-chan struct{}       { return c.parent.Done() }
func (c *silentCtx) Err() error                  { return c.parent.Err() }
func (c *silentCtx) Deadline() (time.Time, bool) { return c.parent.Deadline() }
func (c *silentCtx) Value(k any) any             { return c.parent.Value(k) }
func (c *silentCtx) Lock()                       { c.Mutex.Lock() }
func (c *silentCtx) Unlock()                     { c.Mutex.Unlock() }

// A client that reads nothing from the very start holds the workstation's
// first write, the terminal's title: the idle limit counts from there too,
// or the session held its place (and a goroutine, and the workstation)
// for as long as the client answered keepalives.
func TestASessionStuckBeforeItsFirstFrameStillGoesIdle(t *testing.T) {
	f := start(t, 1, 1, func(c *Config) { c.Idle, c.EndGrace = 200*time.Millisecond, 100*time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sess := &silentSession{ctx: &silentCtx{parent: ctx}, cut: make(chan struct{})}
	ss := &session{person: "p01", key: f.keys["p01"].PublicKey(), fp: "SHA256:test", grace: f.srv.cfg.EndGrace, done: make(chan struct{})}
	var once sync.Once
	ss.hangUp = func() { once.Do(func() { close(sess.cut) }) }
	if err := f.srv.sessions.add(sess, ss); err != nil {
		t.Fatal(err)
	}
	started := make(chan bool, 1)
	go func() { started <- f.srv.program(sess) != nil }()
	select {
	case ok := <-started:
		if ok {
			t.Error("a workstation started on a session that could not write its title")
		}
	case <-time.After(wait):
		once.Do(func() { close(sess.cut) })
		t.Fatal("a session stuck on its first write never went idle")
	}
	if ss.reason() == "" {
		t.Error("the session was not ended for being idle")
	}
}
