package serve

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/review/signing/signingtest"
)

// Two re-reads at once (SIGHUP and the poll) must not store the older
// read last: the roster would say again what the file no longer says,
// letting a key just revoked back in until the next poll.
func TestAnOlderReadOfTheRosterIsNeverStoredOverANewerOne(t *testing.T) {
	alice, bob := signingtest.NewSigner(t), signingtest.NewSigner(t)
	path := filepath.Join(t.TempDir(), "allowed_signers")
	line := func(who string, s gossh.Signer) string {
		return who + " " + string(gossh.MarshalAuthorizedKey(s.PublicKey()))
	}
	both := []byte(line("alice", alice) + line("bob", bob))
	onlyAlice := []byte(line("alice", alice))
	if err := os.WriteFile(path, both, 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := loadRoster(path)
	if err != nil {
		t.Fatal(err)
	}
	// The first re-read reads the file while bob is still in it, then is
	// held up; bob is revoked and a second re-read runs.
	read, release := make(chan struct{}), make(chan struct{})
	l.read = func(path string) ([]byte, error) {
		raw, err := readRegular(path)
		read <- struct{}{}
		<-release
		return raw, err
	}
	first := make(chan struct{})
	go func() { l.reload(); close(first) }()
	<-read
	l.read = readRegular
	if err := os.WriteFile(path, onlyAlice, 0o600); err != nil {
		t.Fatal(err)
	}
	second := make(chan struct{})
	go func() { l.reload(); close(second) }()
	// Unserialised, the second re-read ends first; serialised, it waits
	// for the first. The wait only picks the order the test releases in.
	select {
	case <-second:
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	<-first
	<-second
	if _, err := l.person(bob.PublicKey(), time.Now()); err == nil {
		t.Error("bob, revoked, logs in again: an older read of the roster was stored over a newer one")
	}
}
