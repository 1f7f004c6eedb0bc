package serve

import gossh "golang.org/x/crypto/ssh"

// limitedChannel is a session channel that takes at most maxEnvVars
// environment variables of at most maxEnvSize bytes each: the SSH
// library keeps every one a client sends before its shell, without end.
type limitedChannel struct{ gossh.NewChannel }

func (c limitedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, in, err := c.NewChannel.Accept()
	if err != nil {
		return ch, in, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		vars := 0
		for req := range in {
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
	return ch, out, nil
}

const maxEnvVars, maxEnvSize = 64, 4096
