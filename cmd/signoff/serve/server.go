// Package serve is `signoff serve`: the workstation over SSH, one person
// per key. The team's allowed-signers file says which key is whom; each
// session gets its own workstation (tui.App) acting as that person, on a
// store that stamps every write with the key. There is no shell, no
// command, no forwarding and no subsystem: only the workstation.
package serve

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
	"github.com/signoff/signoff/review/signing"
)

// Config is what `signoff serve` decides; New fills in the defaults.
type Config struct {
	Addr    string // listen address, host:port
	HostKey string // path of the host key; created 0600 when missing
	Signers string // path of the allowed-signers roster

	Store  model.Store
	Policy *review.Policy
	// VerifyChain checks the audit chain (the workstation's banner); the
	// server runs it at most once per change of the data, for every
	// session alike. Nil skips the check.
	VerifyChain func(context.Context) (string, error)

	Idle        time.Duration // no key pressed for this long ends a session (default 15m)
	MaxSessions int           // open sessions, and connections, in total (default 64)
	MaxPerKey   int           // open sessions, and connections, per key (default 4)
	// MaxFailures failed logins from one address within FailureWindow
	// turn it away until the window passes (defaults 10 in 10m).
	MaxFailures   int
	FailureWindow time.Duration
	// LoginGrace is how long a connection has to log in before it is
	// closed (default 1m). MaxStartups and MaxStartupsPerAddr cap the
	// connections logging in at once, in total and from one address
	// (defaults 256 and 32), as sshd's MaxStartups does: a connection
	// costs the server a descriptor and memory before it has shown a key.
	// A team behind one address logging in at the same moment stays
	// under 32; an address whose connections run out of grace soon
	// counts MaxFailures and is turned away.
	LoginGrace                      time.Duration
	MaxStartups, MaxStartupsPerAddr int
	// KeepAlive is how often a logged-in connection's client is asked
	// whether it is still there (default 15s); one that answers none of
	// three in a row is closed.
	KeepAlive time.Duration
	// EndGrace is how long a session ended from outside (its key
	// revoked, idle, shutdown) has to close before its connection is
	// closed (default 10s): a client that reads nothing more holds its
	// workstation's output, and the workstation, until then.
	EndGrace time.Duration
	// RosterPoll is how often the roster file is looked at for changes
	// (default 2s); SIGHUP, through Reload, reads it at once.
	RosterPoll time.Duration
	// StoreCheck is how often the database is looked at, so the log
	// says when it goes out of reach and when it is back (default 15s).
	StoreCheck time.Duration

	Log   *slog.Logger     // nil: discard
	Clock func() time.Time // nil: time.Now
}

// Server serves the workstation over SSH.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	hostKey  gossh.Signer
	created  bool
	roster   *liveRoster
	sessions *registry
	slots    *keySlots
	fails    *failures
	startups *startups
	chain    *chainCheck
	log      *slog.Logger

	stop     chan struct{}
	stopOnce sync.Once
}

// New loads (or creates) the host key and the roster and builds the server.
func New(cfg Config) (*Server, error) {
	if cfg.Idle == 0 {
		cfg.Idle = 15 * time.Minute
	}
	if cfg.MaxSessions == 0 {
		cfg.MaxSessions = 64
	}
	if cfg.MaxPerKey == 0 {
		cfg.MaxPerKey = 4
	}
	if cfg.MaxFailures == 0 {
		cfg.MaxFailures = 10
	}
	if cfg.FailureWindow == 0 {
		cfg.FailureWindow = 10 * time.Minute
	}
	if cfg.LoginGrace == 0 {
		cfg.LoginGrace = time.Minute
	}
	if cfg.MaxStartups == 0 {
		cfg.MaxStartups = 256
	}
	if cfg.MaxStartupsPerAddr == 0 {
		cfg.MaxStartupsPerAddr = 32
	}
	if cfg.KeepAlive == 0 {
		cfg.KeepAlive = 15 * time.Second
	}
	if cfg.EndGrace == 0 {
		cfg.EndGrace = 10 * time.Second
	}
	if cfg.RosterPoll == 0 {
		cfg.RosterPoll = 2 * time.Second
	}
	if cfg.StoreCheck == 0 {
		cfg.StoreCheck = 15 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Policy == nil {
		cfg.Policy = review.DefaultPolicy()
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	key, created, err := HostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	roster, err := loadRoster(cfg.Signers)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, hostKey: key, created: created, roster: roster, log: cfg.Log,
		sessions: newRegistry(cfg.MaxSessions, cfg.MaxPerKey), slots: newKeySlots(cfg.MaxSessions, cfg.MaxPerKey), fails: newFailures(cfg.MaxFailures, cfg.FailureWindow),
		startups: newStartups(cfg.MaxStartups, cfg.MaxStartupsPerAddr),
		chain:    &chainCheck{store: cfg.Store, verify: cfg.VerifyChain}, stop: make(chan struct{})}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Addr),
		func(srv *ssh.Server) error { srv.AddHostKey(key); return nil },
		wish.WithPublicKeyAuth(s.authorize),
		// A connection with no traffic at all (a dead link) is dropped a
		// while after the session's own idle time, which counts keys.
		wish.WithIdleTimeout(cfg.Idle+time.Minute),
		wish.WithMiddleware(bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii), s.gate),
	)
	if err != nil {
		return nil, model.Errorf(model.EINTERNAL, "cannot set up the SSH server: %v", err)
	}
	// Only an interactive shell request starts anything: no exec, no
	// subsystem (sftp, scp); forwarding stays off, and so does every
	// channel but "session". Each refusal is logged (refused.go).
	s.ssh.SessionRequestCallback = s.refusedSession
	s.ssh.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	s.ssh.RequestHandlers = map[string]ssh.RequestHandler{
		"tcpip-forward":                   s.refusedForward,
		"streamlocal-forward@openssh.com": s.refusedForward,
	}
	s.ssh.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel, "default": s.refusedChannel}
	s.ssh.ConnCallback = s.admit
	s.ssh.ConnectionFailedCallback = s.failed
	s.ssh.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: 6}
	}
	return s, nil
}

// HostKeyFingerprint is the fingerprint clients are asked to trust.
func (s *Server) HostKeyFingerprint() string { return signing.Fingerprint(s.hostKey.PublicKey()) }

// HostKeyCreated says whether New created the host key.
func (s *Server) HostKeyCreated() bool { return s.created }

// Serve accepts sessions on l until Shutdown; it watches the roster file
// meanwhile.
func (s *Server) Serve(l net.Listener) error {
	s.log.Info("serving the workstation over SSH", "addr", l.Addr().String(), "host_key", s.HostKeyFingerprint(),
		"signers", s.cfg.Signers, "people", len(s.roster.current().Signers))
	go s.watch()
	go s.watchStore()
	err := s.ssh.Serve(l)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown ends every session, saying why, and stops the server.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stop) })
	// A connection that stays open (ssh's ControlMaster) could otherwise
	// start a workstation the shutdown cuts off without a word.
	for _, sess := range s.sessions.close("the signoff server is shutting down; try again when it is back") {
		sess.end("the signoff server is shutting down; nothing unsaved was recorded")
	}
	err := s.ssh.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return s.ssh.Close()
	}
	return err
}

// Reload reads the roster again at once (SIGHUP) and ends the sessions
// whose key no longer speaks for their person.
func (s *Server) Reload() error {
	changed, err := s.roster.reload()
	if err != nil {
		s.log.Error("the allowed signers file could not be read again; the roster stays as it was", "err", model.ErrorMessage(err))
	} else if changed {
		s.log.Info("allowed signers re-read", "signers", s.cfg.Signers, "keys", len(s.roster.current().Signers))
	}
	s.endRevoked()
	return err
}

// endRevoked ends the sessions whose key no longer speaks for their
// person: its line gone or changed, or past its valid-before, which comes
// with no change to the file. A session already ending is left to it.
func (s *Server) endRevoked() {
	for _, sess := range s.sessions.all() {
		if sess.reason() != "" {
			continue
		}
		if err := s.stillAllowed(sess); err != nil {
			s.log.Warn("session ended: key revoked", "person", sess.person, "key", sess.fp, "remote", sess.remote)
			sess.end(err.Error())
		}
	}
}

// watch re-reads the roster whenever the file changes, until Shutdown.
func (s *Server) watch() {
	t := time.NewTicker(s.cfg.RosterPoll)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.Reload()
		}
	}
}

// stillAllowed refuses a session whose key the roster no longer lets
// speak for its person.
func (s *Server) stillAllowed(sess *session) error {
	who, err := s.roster.person(sess.key, s.cfg.Clock())
	if err == nil && who == sess.person {
		return nil
	}
	return model.Errorf(model.EFORBIDDEN, "key %s no longer speaks for %s in %s: nothing more is recorded in this session, and it has ended",
		sess.fp, sess.person, s.cfg.Signers)
}
