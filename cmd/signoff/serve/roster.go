package serve

import (
	"bytes"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review/signing"
)

// liveRoster is the allowed-signers file as last read: who may log in, and
// as whom. It is re-read when the file changes; a file that no longer
// reads keeps the roster as it was (and the server says so in its log),
// since half a roster would lock out or let in the wrong people.
type liveRoster struct {
	path string
	read func(path string) ([]byte, error)
	// reloading lets one re-read run at a time: SIGHUP and the poll both
	// re-read, and an older read stored after a newer one would let a key
	// just revoked back in until the next poll.
	reloading sync.Mutex
	mu        sync.RWMutex
	r         *signing.Roster
	raw       []byte
}

func loadRoster(path string) (*liveRoster, error) {
	l := &liveRoster{path: path, read: readRegular}
	if _, err := l.reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// reload reads the file again; changed says whether what it says changed.
func (l *liveRoster) reload() (changed bool, err error) {
	l.reloading.Lock()
	defer l.reloading.Unlock()
	raw, err := l.read(l.path)
	if err != nil {
		return false, err
	}
	l.mu.RLock()
	same := l.r != nil && bytes.Equal(raw, l.raw)
	l.mu.RUnlock()
	if same {
		return false, nil
	}
	r, err := signing.ParseRoster(raw, l.path)
	if err != nil {
		return false, err
	}
	l.mu.Lock()
	l.r, l.raw = r, raw
	l.mu.Unlock()
	return true, nil
}

func (l *liveRoster) current() *signing.Roster {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.r
}

// person is who key logs in as now, or why it logs in as nobody.
func (l *liveRoster) person(key ssh.PublicKey, now time.Time) (string, error) {
	return l.current().Person(key, now)
}

// readRegular reads the roster, which must be a regular file (a symlink to
// one will do): it is read again every couple of seconds, and a pipe
// (--signers <(…)) reads empty the second time, revoking every key, while
// a FIFO nobody writes to holds the re-read up for good.
func readRegular(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(path)
	}
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the allowed signers file %s: %v", path, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the allowed signers file %s: %v", path, err)
	}
	defer f.Close()
	info, err = f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, notRegular(path)
	}
	// The file says which key is whom: one anyone may write lets anyone
	// list their own key as any person (sshd's StrictModes).
	if perm := info.Mode().Perm(); perm&0o002 != 0 {
		return nil, model.Errorf(model.EINVALID, "the allowed signers file %s may be written by anyone (mode %04o); run chmod o-w %s", path, perm, path)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, model.Errorf(model.EINVALID, "cannot read the allowed signers file %s: %v", path, err)
	}
	return raw, nil
}

func notRegular(path string) error {
	return model.Errorf(model.EINVALID, "the allowed signers file %s is not a regular file: signoff serve reads it again whenever it changes, so give it a file (a pipe reads empty the second time)", path)
}
