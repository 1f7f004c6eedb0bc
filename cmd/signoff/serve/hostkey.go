package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"os"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
)

// HostKey loads the server's host key from path. When there is none it
// creates an ed25519 key there, mode 0600, with path.pub beside it, so the
// server keeps one identity and clients' known_hosts keep matching. A key
// that others may read, or that needs a passphrase, is refused as sshd
// refuses it.
func HostKey(path string) (key ssh.Signer, created bool, err error) {
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		key, err = createHostKey(path)
		return key, err == nil, err
	}
	if err != nil {
		return nil, false, model.Errorf(model.EINVALID, "cannot read the host key %s: %v", path, err)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, false, model.Errorf(model.EINVALID, "the host key %s may be read by others (mode %04o); run chmod 600 %s", path, perm, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, model.Errorf(model.EINVALID, "cannot read the host key %s: %v", path, err)
	}
	key, err = ssh.ParsePrivateKey(data)
	var locked *ssh.PassphraseMissingError
	switch {
	case errors.As(err, &locked):
		return nil, false, model.Errorf(model.EINVALID, "the host key %s is protected by a passphrase; a server needs a key it can read unattended", path)
	case err != nil:
		return nil, false, model.Errorf(model.EINVALID, "%s is not an SSH private key", path)
	}
	return key, false, nil
}

func createHostKey(path string) (ssh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, model.Errorf(model.EINTERNAL, "cannot generate a host key: %v", err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "signoff serve host key")
	if err != nil {
		return nil, model.Errorf(model.EINTERNAL, "cannot encode the host key: %v", err)
	}
	// O_EXCL: never write over a key another process created meanwhile.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot create the host key %s: %v", path, err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, model.Errorf(model.EINVALID, "cannot write the host key %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, model.Errorf(model.EINVALID, "cannot write the host key %s: %v", path, err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, model.Errorf(model.EINTERNAL, "cannot use the new host key: %v", err)
	}
	// The .pub is for people (ssh-keygen -lf, known_hosts); the server does
	// not need it, so failing to write it is not fatal.
	os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(signer.PublicKey()), 0o644)
	return signer, nil
}
