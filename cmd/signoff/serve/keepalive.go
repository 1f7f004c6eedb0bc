package serve

import (
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// keepAliveMisses is how many keepalives in a row a client may leave
// unanswered before its connection is closed (sshd's ClientAliveCountMax).
const keepAliveMisses = 3

// keepAlive asks the client every Config.KeepAlive whether it is still
// there (sshd's ClientAliveInterval), until the connection ends, and
// closes the connection when it answers none of keepAliveMisses. A link
// gone dead without a word (a laptop closed) otherwise held its
// connection and sessions, and their places under the caps, until the
// connection's idle timeout, a quarter of an hour; and the question wakes
// an OpenSSH ControlMaster, which closes a session whose terminal went
// away only when something arrives.
func (s *Server) keepAlive(ctx ssh.Context, conn *gossh.ServerConn) {
	grace := keepAliveMisses * s.cfg.KeepAlive
	tick := time.NewTicker(s.cfg.KeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		answered := make(chan struct{})
		go func() {
			// Any answer will do: OpenSSH refuses what it does not know.
			conn.SendRequest("keepalive@openssh.com", true, nil)
			close(answered)
		}()
		select {
		case <-ctx.Done():
			return
		case <-answered:
		case <-time.After(grace):
			s.log.Warn("connection closed: it answered no keepalive for "+grace.String(), "remote", conn.RemoteAddr().String())
			conn.Close()
			return
		}
	}
}
