package serve

import (
	"fmt"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui"
	"github.com/signoff/signoff/tui/common"
)

// session is one person's workstation over one SSH session.
type session struct {
	person string
	key    ssh.PublicKey
	fp     string // the key's fingerprint
	remote string

	mu      sync.Mutex
	program *tea.Program
	app     *tui.App
	ending  string // why it is being ended from outside

	// hangUp closes the session's connection, when the workstation has
	// not closed within grace of being ended; done closes when it has
	// (and the person was told why). A client that reads nothing more
	// holds its workstation's output, and the workstation, for good.
	hangUp func()
	grace  time.Duration
	done   chan struct{}
}

// reason is why the session was ended from outside, "" when the person
// left it.
func (s *session) reason() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ending
}

// end asks the session's workstation to close with reason; the first
// reason given is the one the person reads.
func (s *session) end(reason string) {
	s.mu.Lock()
	first := s.ending == ""
	if first {
		s.ending = reason
	}
	p := s.program
	s.mu.Unlock()
	if first && s.hangUp != nil {
		go s.hangUpAfterGrace()
	}
	if p != nil {
		// Send waits until the workstation takes the message, and a client
		// that stopped reading holds its workstation up: waiting here
		// would hold up whoever ends it (the roster's re-read, shutdown)
		// and every session after it. Send returns when the program ends.
		go p.Send(common.EndMsg{Reason: reason})
	}
}

// hangUpAfterGrace closes the connection of a session ended from outside
// whose workstation has not closed within its grace: its client stopped
// reading, so the workstation cannot draw its way out (nor the refusal
// reach the person). Closing the connection fails the stuck write once
// the connection's reader sees it closed; hangUp also drops the changes
// of size a client sent meanwhile, which otherwise hold that reader up
// behind the stuck workstation. The workstation is stopped at once, not
// left to read its end from a queue it will not reach.
func (s *session) hangUpAfterGrace() {
	t := time.NewTimer(s.grace)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
		s.hangUp()
		s.mu.Lock()
		p := s.program
		s.mu.Unlock()
		if p != nil {
			p.Kill()
		}
	}
}

// started gives the session its workstation, and ends it at once when the
// session was ended before (a key revoked between its log-in and now).
// Under the lock, end and started cannot both miss the other.
func (s *session) started(p *tea.Program, app *tui.App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.program, s.app = p, app
	if s.ending != "" {
		go p.Send(common.EndMsg{Reason: s.ending})
	}
}

// registry holds the open sessions, to end them from outside (a key
// revoked, shutdown), and keeps the caps on them. keySlots keeps the same
// caps on channels as they open, which comes first; a workstation ends a
// moment after its channel closes, and this keeps the caps meanwhile.
type registry struct {
	mu        sync.Mutex
	open      map[*session]bool
	bySSH     map[ssh.Session]*session
	perKey    map[string]int
	max       int
	maxPerKey int
	// closed is why no session opens any more (the server shutting
	// down), "" while they do.
	closed string
}

func newRegistry(max, maxPerKey int) *registry {
	return &registry{open: map[*session]bool{}, bySSH: map[ssh.Session]*session{}, perKey: map[string]int{}, max: max, maxPerKey: maxPerKey}
}

// add opens a session, or refuses it with the sentence the person reads.
func (r *registry) add(sess ssh.Session, s *session) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.closed != "":
		return model.Errorf(model.EFORBIDDEN, "%s", r.closed)
	case r.max > 0 && len(r.open) >= r.max:
		return model.Errorf(model.EFORBIDDEN, "signoff serve already has %d sessions open, its limit; try again later", len(r.open))
	case r.maxPerKey > 0 && r.perKey[s.fp] >= r.maxPerKey:
		return model.Errorf(model.EFORBIDDEN, "%s already has %s open with key %s, the limit per key; close one first",
			s.person, plural(r.perKey[s.fp], "session"), s.fp)
	}
	r.open[s] = true
	r.bySSH[sess] = s
	r.perKey[s.fp]++
	return nil
}

// of is the session opened for an SSH session, nil when none was.
func (r *registry) of(sess ssh.Session) *session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bySSH[sess]
}

func (r *registry) remove(sess ssh.Session, s *session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.open[s] {
		return
	}
	delete(r.open, s)
	delete(r.bySSH, sess)
	if r.perKey[s.fp]--; r.perKey[s.fp] <= 0 {
		delete(r.perKey, s.fp)
	}
}

// close refuses every session from now on with reason and lists those
// open, to end them: under the one lock, no session opens unseen between.
func (r *registry) close(reason string) []*session {
	r.mu.Lock()
	r.closed = reason
	r.mu.Unlock()
	return r.all()
}

// all lists the open sessions.
func (r *registry) all() []*session {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*session, 0, len(r.open))
	for s := range r.open {
		out = append(out, s)
	}
	return out
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
