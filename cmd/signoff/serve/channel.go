package serve

import (
	"errors"
	"io"

	gossh "golang.org/x/crypto/ssh"
)

// limitedChannel is a session channel that takes at most maxEnvVars
// environment variables of at most maxEnvSize bytes each (the SSH library
// keeps every one a client sends before its shell, without end), and
// whose input ends only when the channel closes (closingChannel). shell
// is closed when the client asks for its shell, the workstation.
type limitedChannel struct {
	gossh.NewChannel
	shell chan struct{}
}

func (c limitedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	closing := closingChannel{Channel: ch, closed: make(chan struct{})}
	out := make(chan *gossh.Request)
	go func() {
		// The requests end when the channel closes, or its connection.
		defer close(closing.closed)
		defer close(out)
		vars, asked := 0, false
		for req := range in {
			if req.Type == "shell" && !asked {
				asked = true
				close(c.shell)
			}
			if req.Type == "env" {
				if vars >= maxEnvVars || len(req.Payload) > maxEnvSize {
					req.Reply(false, nil)
					continue
				}
				vars++
			}
			out <- req
		}
	}()
	return closing, out, nil
}

const maxEnvVars, maxEnvSize = 64, 4096

// closingChannel's input ends when the channel closes, not when the client
// sends EOF and goes on reading (ssh < /dev/null, a script). The
// workstation's reader reads nothing after its input ends, so it is told
// then that its session is gone: the connection may stay open (ssh's
// ControlMaster) and, without this, keep the workstation running, holding
// its place under the caps until the idle limit.
type closingChannel struct {
	gossh.Channel
	closed chan struct{}
}

func (c closingChannel) Read(p []byte) (int, error) {
	n, err := c.Channel.Read(p)
	if errors.Is(err, io.EOF) && n == 0 {
		<-c.closed
	}
	return n, err
}
