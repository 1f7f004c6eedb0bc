package serve

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// startups counts the connections still logging in, in total and per
// address. Until it shows a key a connection is anyone's, and each one
// holds a descriptor and memory: without a cap, one address holding
// thousands open (sending nothing, or a byte now and then) ran the
// server out of descriptors and locked every person out.
type startups struct {
	mu         sync.Mutex
	max        int
	maxPerAddr int
	total      int
	perAddr    map[string]int
}

func newStartups(max, maxPerAddr int) *startups {
	return &startups{max: max, maxPerAddr: maxPerAddr, perAddr: map[string]int{}}
}

// enter counts one more connection from addr logging in, or says why not.
func (s *startups) enter(addr string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.perAddr[addr] >= s.maxPerAddr:
		return fmt.Errorf("%d connections from this address are logging in already", s.perAddr[addr])
	case s.total >= s.max:
		return fmt.Errorf("%d connections are logging in already", s.total)
	}
	s.total++
	s.perAddr[addr]++
	return nil
}

// leave counts one connection from addr as done logging in (or gone).
func (s *startups) leave(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total--
	if s.perAddr[addr]--; s.perAddr[addr] <= 0 {
		delete(s.perAddr, addr)
	}
}

// login is one connection's log-in; done closes once it opens a session,
// and refused says why its key may not hold one more connection.
type login struct {
	once    sync.Once
	done    chan struct{}
	refused error

	mu   sync.Mutex
	told map[string]bool // the kinds of request refused and logged (refused.go)
}

type loginKey struct{}

// loggingIn counts conn as logging in until it opens a session, ends, or
// runs out of grace: then it is closed, logged in or not (a connection
// that holds no session holds a descriptor for nothing).
func (s *Server) loggingIn(ctx ssh.Context, conn net.Conn, addr string) error {
	if err := s.startups.enter(addr); err != nil {
		return err
	}
	l := &login{done: make(chan struct{})}
	ctx.SetValue(loginKey{}, l)
	go func() {
		defer s.startups.leave(addr)
		t := time.NewTimer(s.cfg.LoginGrace)
		defer t.Stop()
		select {
		case <-l.done:
		case <-ctx.Done():
		case <-t.C:
			why := "it did not log in within "
			if ctx.Value(ssh.ContextKeyConn) != nil {
				why = "it logged in but opened no session within "
			}
			s.log.Warn("connection closed: "+why+s.cfg.LoginGrace.String(), "remote", conn.RemoteAddr().String())
			conn.Close()
		}
	}()
	return nil
}
