package keys

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/signoff/signoff/review/signing"
)

// keyFiles writes a fresh ed25519 key as ssh-keygen would: id (protected
// by passphrase when one is given) and id.pub. It returns the key.
func keyFiles(t *testing.T, dir, passphrase string) (ed25519.PrivateKey, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "test")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "test", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "id_ed25519")
	os.WriteFile(path, pem.EncodeToMemory(block), 0o600)
	pub, _ := ssh.NewPublicKey(priv.Public())
	os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(pub), 0o644)
	return priv, path
}

// serveAgent runs an ssh-agent holding keys on a socket in dir and points
// SSH_AUTH_SOCK at it for the test.
func serveAgent(t *testing.T, dir string, keys ...ed25519.PrivateKey) {
	t.Helper()
	ring := agent.NewKeyring()
	for _, k := range keys {
		if err := ring.Add(agent.AddedKey{PrivateKey: k}); err != nil {
			t.Fatal(err)
		}
	}
	sock := filepath.Join(dir, "agent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { agent.ServeAgent(ring, c); c.Close() }()
		}
	}()
	t.Setenv("SSH_AUTH_SOCK", sock)
}

func signsAs(t *testing.T, s *Signer, err error, priv ed25519.PrivateKey) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pub, _ := ssh.NewPublicKey(priv.Public())
	sig, err := s.Sign(`{"signoff":"verdict/v1"}`)
	if err != nil {
		t.Fatal(err)
	}
	if sig.Key != signing.Fingerprint(pub) || s.Fingerprint() != sig.Key {
		t.Fatalf("signed with %s, want %s", sig.Key, signing.Fingerprint(pub))
	}
	if _, err := signing.Check(&sig); err != nil {
		t.Fatal(err)
	}
}

func TestAKeyFileWithoutPassphraseSignsByItself(t *testing.T) {
	t.Setenv("SSH_AUTH_SOCK", "")
	priv, path := keyFiles(t, t.TempDir(), "")
	s, err := Load(path)
	signsAs(t, s, err, priv)
}

func TestAProtectedKeySignsThroughTheAgent(t *testing.T) {
	dir := t.TempDir()
	priv, path := keyFiles(t, dir, "correct horse")
	serveAgent(t, dir, priv)
	s, err := Load(path)
	signsAs(t, s, err, priv)
	s, err = Load(path + ".pub")
	signsAs(t, s, err, priv)
}

func TestAKeyThatCannotSignIsRefusedSayingWhatToDo(t *testing.T) {
	dir := t.TempDir()
	_, path := keyFiles(t, dir, "correct horse")
	t.Run("no agent", func(t *testing.T) {
		t.Setenv("SSH_AUTH_SOCK", "")
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), "SSH_AUTH_SOCK is not set: start ssh-agent and run ssh-add") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("an agent without the key", func(t *testing.T) {
		_, other, _ := ed25519.GenerateKey(rand.Reader)
		serveAgent(t, t.TempDir(), other)
		_, err := Load(path + ".pub")
		if err == nil || !strings.Contains(err.Error(), "ssh-agent does not hold the key "+path+".pub (SHA256:") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a file that is not a key", func(t *testing.T) {
		notKey := filepath.Join(dir, "notes.txt")
		os.WriteFile(notKey, []byte("hello"), 0o600)
		_, err := Load(notKey)
		if err == nil || !strings.Contains(err.Error(), "notes.txt is not an SSH key") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("a missing file", func(t *testing.T) {
		_, err := Load(filepath.Join(dir, "nope"))
		if err == nil || !strings.Contains(err.Error(), "cannot read the signing key") || !strings.Contains(err.Error(), "no such file") {
			t.Fatalf("got %v", err)
		}
	})
}
