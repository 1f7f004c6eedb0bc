package db

import (
	"context"
	"sync"
	"time"
)

// watchEvery is how often a watched SQLite file's data version is read: a
// read of a counter on a connection set aside for it, tens of microseconds,
// so a write by another process reaches an open screen within about this
// long rather than at the workstation's two-second poll.
const watchEvery = 50 * time.Millisecond

// watch tells the SQLite engine's watchers of a write by another
// connection. It starts with the first watcher: a command that never asks
// reads nothing in the background.
type watch struct {
	once    sync.Once
	mu      sync.Mutex
	changed chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
}

// Changed is closed at the next write by another connection (and made
// anew for the one after).
func (s *sqliteFile) Changed() <-chan struct{} {
	s.watch.once.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		s.watch.changed, s.watch.stop, s.watch.done = make(chan struct{}), cancel, make(chan struct{})
		go s.watchVersion(ctx)
	})
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return s.watch.changed
}

func (s *sqliteFile) watchVersion(ctx context.Context) {
	defer close(s.watch.done)
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	last, err := s.DataVersion(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, verr := s.DataVersion(ctx)
		// A read that fails is the two-second poll's to report; one that
		// comes back after failing makes every reader read again.
		if verr != nil || (v == last && err == nil) {
			err = verr
			continue
		}
		last, err = v, nil
		s.watch.mu.Lock()
		close(s.watch.changed)
		s.watch.changed = make(chan struct{})
		s.watch.mu.Unlock()
	}
}

// stopWatching ends the watch, if one started, before the file closes.
func (s *sqliteFile) stopWatching() {
	s.watch.once.Do(func() {}) // none may start now
	if s.watch.stop != nil {
		s.watch.stop()
		<-s.watch.done
	}
}
