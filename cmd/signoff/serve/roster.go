package serve

import (
	"bytes"
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
	mu   sync.RWMutex
	r    *signing.Roster
	raw  []byte
}

func loadRoster(path string) (*liveRoster, error) {
	l := &liveRoster{path: path}
	if _, err := l.reload(); err != nil {
		return nil, err
	}
	return l, nil
}

// reload reads the file again; changed says whether what it says changed.
func (l *liveRoster) reload() (changed bool, err error) {
	raw, err := os.ReadFile(l.path)
	if err != nil {
		return false, model.Errorf(model.EINVALID, "cannot read the allowed signers file %s: %v", l.path, err)
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
