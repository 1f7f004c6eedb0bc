package serve

import (
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/review/signing"
)

// What signoff serve does not offer (a command, a subsystem such as sftp
// or scp, port forwarding either way, any channel but a session) is
// refused, and the refusal is logged with who asked, from where and what
// they asked, so an operator sees a key used for more than the
// workstation. One line per connection and kind of request: a client
// repeating a refused request cannot flood the log.

// refusedSession is the session request callback: only a shell (the
// workstation) is let through.
func (s *Server) refusedSession(sess ssh.Session, kind string) bool {
	switch kind {
	case "shell":
		return true
	case "exec":
		s.logRefused(sess.Context(), "exec", "command", clientWords(sess.RawCommand()))
	case "subsystem":
		s.logRefused(sess.Context(), "subsystem", "subsystem", clientWords(sess.Subsystem()))
	default:
		s.logRefused(sess.Context(), "session request", "request", clientWords(kind))
	}
	return false
}

// refusedForward answers a client's request to forward a port (or a
// socket) from the server's side, ssh -R.
func (s *Server) refusedForward(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	s.logRefused(ctx, "remote port forwarding", "request", clientWords(req.Type))
	return false, nil
}

// refusedChannel refuses a channel of any type but "session": ssh -L and
// -D open direct-tcpip channels.
func (s *Server) refusedChannel(_ *ssh.Server, _ *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	what := "channel"
	if t := ch.ChannelType(); t == "direct-tcpip" || t == "direct-streamlocal@openssh.com" {
		what = "local port forwarding"
	}
	s.logRefused(ctx, what, "channel", clientWords(ch.ChannelType()))
	ch.Reject(gossh.Prohibited, "signoff serve offers only its workstation: no forwarding, no other channel")
}

// logRefused logs one refused request of connection ctx, once per kind.
func (s *Server) logRefused(ctx ssh.Context, what, field, asked string) {
	if l, _ := ctx.Value(loginKey{}).(*login); l != nil {
		l.mu.Lock()
		told := l.told[what]
		if l.told == nil {
			l.told = map[string]bool{}
		}
		l.told[what] = true
		l.mu.Unlock()
		if told {
			return
		}
	}
	person, fp := "", ""
	if key, _ := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); key != nil {
		fp = signing.Fingerprint(key)
		person, _ = s.roster.person(key, s.cfg.Clock())
	}
	s.log.Warn("refused: "+what+" (signoff serve offers only the workstation)", "person", person, "key", fp,
		"remote", ctx.RemoteAddr().String(), field, asked)
}
