// Package keys loads the SSH key a person signs with: a private key file,
// or the key ssh-agent holds for a public key file. It is the command
// line's, since it reads files and talks to the agent; what is signed and
// how it is checked is review/signing's.
package keys

import (
	"errors"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// Signer signs statements with one person's key.
type Signer struct {
	key   ssh.Signer
	close func() error
}

// FromSSH wraps a signer that is already open (a session's forwarded agent).
func FromSSH(k ssh.Signer, close func() error) *Signer { return &Signer{key: k, close: close} }

// Fingerprint is the key's SHA-256 fingerprint.
func (s *Signer) Fingerprint() string { return signing.Fingerprint(s.key.PublicKey()) }

// Sign signs a statement (see signing.Sign).
func (s *Signer) Sign(statement string) (model.Signature, error) {
	return signing.Sign(s.key, statement)
}

// Close lets go of the agent connection, if there is one.
func (s *Signer) Close() error {
	if s.close == nil {
		return nil
	}
	return s.close()
}

// Load opens the key named by --sign-key: the private key in path when no
// passphrase protects it; else, as git does with user.signingKey, the key
// ssh-agent (SSH_AUTH_SOCK) holds whose public half is path, path's
// embedded public key, or path.pub.
func Load(path string) (*Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the signing key %s: %v", path, reason(err))
	}
	if pub, _, _, _, err := ssh.ParseAuthorizedKey(data); err == nil {
		return fromAgent(path, pub)
	}
	k, err := ssh.ParsePrivateKey(data)
	if err == nil {
		return &Signer{key: k}, nil
	}
	var locked *ssh.PassphraseMissingError
	if !errors.As(err, &locked) {
		return nil, model.Errorf(model.EINVALID, "%s is not an SSH key: expected a private key file such as ~/.ssh/id_ed25519, or the .pub of a key loaded in ssh-agent", path)
	}
	pub := locked.PublicKey
	if pub == nil {
		pubData, rerr := os.ReadFile(path + ".pub")
		if rerr != nil {
			return nil, model.Errorf(model.EINVALID, "the key in %s is protected by a passphrase: load it into ssh-agent (ssh-add %s) and give its public key, %s.pub", path, path, path)
		}
		if pub, _, _, _, err = ssh.ParseAuthorizedKey(pubData); err != nil {
			return nil, model.Errorf(model.EINVALID, "%s.pub is not an SSH public key", path)
		}
	}
	return fromAgent(path, pub)
}

// fromAgent finds pub among the keys ssh-agent holds.
func fromAgent(path string, pub ssh.PublicKey) (*Signer, error) {
	fp := signing.Fingerprint(pub)
	sock := os.Getenv("SSH_AUTH_SOCK")
	if sock == "" {
		return nil, model.Errorf(model.EINVALID, "the private half of %s (%s) must come from ssh-agent, and SSH_AUTH_SOCK is not set: start ssh-agent and run ssh-add", path, fp)
	}
	conn, err := net.Dial("unix", sock)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot reach ssh-agent at SSH_AUTH_SOCK=%s: %v", sock, reason(err))
	}
	signers, err := agent.NewClient(conn).Signers()
	if err != nil {
		conn.Close()
		return nil, model.Errorf(model.EINVALID, "ssh-agent would not list its keys: %v", err)
	}
	want := pub.Marshal()
	for _, s := range signers {
		if string(s.PublicKey().Marshal()) == string(want) {
			return &Signer{key: s, close: conn.Close}, nil
		}
	}
	conn.Close()
	return nil, model.Errorf(model.EINVALID, "ssh-agent does not hold the key %s (%s): run ssh-add with its private key", path, fp)
}

// reason is the system's words without the path, which the sentence names.
func reason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	return strings.TrimPrefix(err.Error(), "connect: ")
}
