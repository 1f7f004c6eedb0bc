package serve

import (
	"fmt"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/review/signing"
)

// keySlots counts, per key and in total, the logged-in connections and
// the session channels open on them. The workstations are few, but a
// key that logged in could open channels that never start one (each
// holds up to 2 MB of unread input) and keep connections open with none
// at all: without a count, one key could hold the server's memory and
// descriptors. So a key has at most maxPerKey of each, as many as it may
// have workstations, and the server max in all (sshd's MaxSessions is 10
// per connection; a person needs one per workstation).
type keySlots struct {
	mu             sync.Mutex
	max, maxPerKey int
	conns, chans   map[string]int // by key fingerprint
	totalConns     int
	totalChans     int
}

func newKeySlots(max, maxPerKey int) *keySlots {
	return &keySlots{max: max, maxPerKey: maxPerKey, conns: map[string]int{}, chans: map[string]int{}}
}

// take counts one more connection or channel (unit) of person's key fp
// in n, or says why not in the sentence the person reads.
func (k *keySlots) take(n map[string]int, total *int, unit, person, fp string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	switch {
	case k.maxPerKey > 0 && n[fp] >= k.maxPerKey:
		return fmt.Errorf("%s already has %s open with key %s, the limit per key; close one first", person, plural(n[fp], unit), fp)
	case k.max > 0 && *total >= k.max:
		return fmt.Errorf("signoff serve already has %s open, its limit; try again later", plural(*total, unit))
	}
	n[fp]++
	*total++
	return nil
}

func (k *keySlots) give(n map[string]int, total *int, fp string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	*total--
	if n[fp]--; n[fp] <= 0 {
		delete(n, fp)
	}
}

// sessionChannel opens a session: the connection has logged in. Its
// first session counts the connection against its key until it closes;
// each session counts against the key until its channel closes.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	l, _ := ctx.Value(loginKey{}).(*login)
	key, _ := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey)
	if l == nil || key == nil {
		ch.Reject(gossh.Prohibited, "signoff serve lets in SSH keys only")
		return
	}
	fp := signing.Fingerprint(key)
	who, err := s.roster.person(key, s.cfg.Clock())
	if err != nil {
		ch.Reject(gossh.Prohibited, "your key no longer names a person in the roster; ask whoever keeps it")
		conn.Close()
		return
	}
	l.once.Do(func() {
		close(l.done)
		if l.refused = s.slots.take(s.slots.conns, &s.slots.totalConns, "connection", who, fp); l.refused != nil {
			return
		}
		go func() {
			<-ctx.Done()
			s.slots.give(s.slots.conns, &s.slots.totalConns, fp)
		}()
		go s.keepAlive(ctx, conn)
	})
	if l.refused != nil {
		s.log.Warn("connection refused: "+l.refused.Error(), "person", who, "key", fp, "remote", conn.RemoteAddr().String())
		ch.Reject(gossh.ResourceShortage, l.refused.Error())
		conn.Close()
		return
	}
	if err := s.slots.take(s.slots.chans, &s.slots.totalChans, "session", who, fp); err != nil {
		s.log.Warn("session refused: "+err.Error(), "person", who, "key", fp, "remote", conn.RemoteAddr().String())
		ch.Reject(gossh.ResourceShortage, err.Error())
		return
	}
	defer s.slots.give(s.slots.chans, &s.slots.totalChans, fp)
	shell, closed := make(chan struct{}), make(chan struct{})
	defer close(closed)
	go s.startsWithinGrace(conn, shell, closed)
	ssh.DefaultSessionHandler(srv, conn, limitedChannel{NewChannel: ch, shell: shell}, ctx)
}

// startsWithinGrace closes a connection whose session channel asks for
// no shell within the login grace: the channel holds its place under the
// caps, and with no workstation there is no idle limit to end it (sshd's
// ChannelTimeout). Every ssh asks for one at once.
func (s *Server) startsWithinGrace(conn *gossh.ServerConn, shell, closed <-chan struct{}) {
	t := time.NewTimer(s.cfg.LoginGrace)
	defer t.Stop()
	select {
	case <-shell:
	case <-closed:
	case <-t.C:
		s.log.Warn("connection closed: its session started no workstation within "+s.cfg.LoginGrace.String(), "remote", conn.RemoteAddr().String())
		conn.Close()
	}
}
