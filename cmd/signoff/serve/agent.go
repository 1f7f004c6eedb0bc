package serve

import (
	"bytes"
	"errors"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// agentSigner signs through the agent the person forwarded (ssh -A), with
// the key they logged in with, so the signature's key is the one the
// roster already ties to them. The agent is asked per signature and held
// no longer; ssh-add -c makes it ask the person each time.
func agentSigner(sess ssh.Session, ss *session) func(string) (model.Signature, error) {
	return func(statement string) (model.Signature, error) {
		conn, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
		if !ok {
			return model.Signature{}, errors.New("the session has no connection to reach your agent through")
		}
		ch, reqs, err := conn.OpenChannel("auth-agent@openssh.com", nil)
		if err != nil {
			return model.Signature{}, errors.New("your forwarded ssh-agent did not answer (" + err.Error() + ")")
		}
		defer ch.Close()
		go gossh.DiscardRequests(reqs)
		signers, err := agent.NewClient(ch).Signers()
		if err != nil {
			return model.Signature{}, errors.New("your forwarded ssh-agent would not list its keys (" + err.Error() + ")")
		}
		want := ss.key.Marshal()
		for _, k := range signers {
			if bytes.Equal(k.PublicKey().Marshal(), want) {
				return signing.Sign(k, statement)
			}
		}
		return model.Signature{}, errors.New("your forwarded ssh-agent does not hold the key you logged in with (" + ss.fp + ")")
	}
}
