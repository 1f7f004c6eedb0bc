package serve

import (
	"net"
	"net/netip"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
	"github.com/signoff/signoff/tui/safetext"
)

// authorize lets in a key the roster names one person for; every other
// key is refused before any screen, and logged.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	who, err := s.roster.person(key, s.cfg.Clock())
	if err != nil {
		// The user name is the client's, sent before any key is checked.
		s.log.Warn("key refused", "remote", ctx.RemoteAddr().String(), "user", clientWords(ctx.User()), "reason", err.Error())
		return false
	}
	s.log.Debug("key accepted", "remote", ctx.RemoteAddr().String(), "person", who)
	return true
}

// admit turns away, before the handshake, an address that failed to log
// in too often lately, and a connection past the caps on those logging in.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	addr := host(conn.RemoteAddr())
	if s.fails.blocked(addr, s.cfg.Clock()) {
		s.log.Warn("connection refused: too many failed logins from this address", "remote", conn.RemoteAddr().String(),
			"limit", s.cfg.MaxFailures, "window", s.cfg.FailureWindow.String())
		return nil
	}
	if err := s.loggingIn(ctx, conn, addr); err != nil {
		s.log.Warn("connection refused: "+err.Error(), "remote", conn.RemoteAddr().String(),
			"per_address", s.cfg.MaxStartupsPerAddr, "in_total", s.cfg.MaxStartups)
		return nil
	}
	return conn
}

// failed counts a connection that ended before it logged in.
func (s *Server) failed(conn net.Conn, err error) {
	addr := host(conn.RemoteAddr())
	counted := s.fails.add(addr, s.cfg.Clock())
	s.log.Warn("login failed", "remote", conn.RemoteAddr().String(), "err", err.Error(), "counted", counted)
}

// gate runs around the workstation: a session needs a terminal, a key
// that still names a person, and a place under the caps; when the
// workstation closes, the person is told why if it was ended for them.
func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		remote := sess.RemoteAddr().String()
		_, sizes, ok := sess.Pty()
		if !ok {
			refuse(sess, "signoff serves a full-screen workstation and needs a terminal: connect with ssh -t")
			return
		}
		key := sess.PublicKey()
		if key == nil {
			refuse(sess, "signoff serve lets in SSH keys only")
			return
		}
		who, err := s.roster.person(key, s.cfg.Clock())
		if err != nil {
			s.log.Warn("session refused", "remote", remote, "reason", err.Error())
			refuse(sess, "your key no longer names a person in the roster; ask whoever keeps it")
			return
		}
		ss := &session{person: who, key: key, fp: signing.Fingerprint(key), remote: remote,
			grace: s.cfg.EndGrace, done: make(chan struct{})}
		defer close(ss.done)
		if conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			ss.hangUp = func() {
				s.log.Warn("connection closed: its session was ended and its client read nothing for "+s.cfg.EndGrace.String(),
					"person", who, "key", ss.fp, "remote", remote)
				conn.Close()
				// The connection's reader sees it closed only once it has
				// handed over the requests it holds, and the session's own
				// handler waits to pass a change of size to a workstation
				// stuck writing: whatever changes of size are left are
				// dropped (the loop ends when the requests do). sizes was
				// taken as the session began, in its own goroutine: Pty also
				// reads the size, which the library writes unlocked.
				go func() {
					for range sizes {
					}
				}()
			}
		}
		if err := s.sessions.add(sess, ss); err != nil {
			s.log.Warn("session refused", "person", who, "key", ss.fp, "remote", remote, "reason", err.Error())
			refuse(sess, model.ErrorMessage(err))
			return
		}
		pty, _, _ := sess.Pty()
		start := s.cfg.Clock()
		s.log.Info("session started", "person", who, "key", ss.fp, "remote", remote, "term", clientWords(pty.Term),
			"width", pty.Window.Width, "height", pty.Window.Height, "agent", ssh.AgentRequested(sess))
		next(sess)
		s.sessions.remove(sess, ss)
		reason := ss.reason()
		s.log.Info("session ended", "person", who, "key", ss.fp, "remote", remote,
			"lasted", s.cfg.Clock().Sub(start).Round(time.Second).String(), "reason", reason)
		if reason != "" {
			refuse(sess, reason)
		}
	}
}

// clientWords is what a client sent of its own (its user name, its
// terminal's name) as the log shows it: safe text, cut to a line. Either
// may be as long as an SSH packet, a quarter of a megabyte, sent with
// each of a connection's key offers.
func clientWords(s string) string { return safetext.LineWidth(s, maxClientWords).String() }

// maxClientWords is the most of a client's words a log line shows, in
// cells; a user name or terminal is far shorter.
const maxClientWords = 128

// refuse tells the person why, on the session's error stream, and ends it.
// The sentence may quote the operator's file names, so it goes through
// safetext like any text bound for a terminal.
func refuse(sess ssh.Session, sentence string) {
	wish.Errorln(sess, "signoff: "+safetext.Line(sentence).String()+"\r")
	sess.Exit(1)
}

// host is what failures and connections logging in are counted by: the
// address without its port, and for IPv6 its /64, which a single host or
// customer is given whole (an attacker would otherwise count as 2^64).
func host(a net.Addr) string {
	var ip netip.Addr
	if t, ok := a.(*net.TCPAddr); ok {
		ip, _ = netip.AddrFromSlice(t.IP)
	} else if h, _, err := net.SplitHostPort(a.String()); err == nil {
		ip, _ = netip.ParseAddr(h)
	}
	switch ip = ip.Unmap(); {
	case !ip.IsValid():
		return a.String()
	case ip.Is6():
		p, _ := ip.WithZone("").Prefix(64)
		return p.String()
	default:
		return ip.String()
	}
}
