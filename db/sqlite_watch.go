package db

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// watchEvery is how often a watched SQLite file's data version is read
// where writes cannot be heard of (fileEvents): a read of a counter on a
// connection set aside for it, so a write by another process reaches an
// open screen within about this long rather than at the workstation's
// two-second poll.
const watchEvery = 50 * time.Millisecond

// Where writes can be heard of, the watch sleeps until one comes, then
// reads the data version at growing intervals from watchSoon, up to
// watchSettled after the write: the write is heard as SQLite starts
// writing its frames, and the version moves only once the commit is done.
// It still reads every watchQuiet, should a write ever go unheard.
const (
	watchSoon    = 5 * time.Millisecond
	watchSettled = time.Second
)

// watchQuiet is a variable so a test can show a write is heard without it.
var watchQuiet = 2 * time.Second

// watch tells the SQLite engine's watchers of a write by another
// connection. It starts with the first watcher: a command that never asks
// reads nothing in the background.
type watch struct {
	once    sync.Once
	mu      sync.Mutex
	changed chan struct{}
	stop    context.CancelFunc
	done    chan struct{}
	// unheard is why writes cannot be heard of where they should be
	// (no inotify instance left): the watch polls, and says so.
	unheard error
}

// Changed is closed at the next write by another connection (and made
// anew for the one after).
func (s *sqliteFile) Changed() <-chan struct{} {
	s.watch.once.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		s.watch.changed, s.watch.stop, s.watch.done = make(chan struct{}), cancel, make(chan struct{})
		// Listening and the first read come before Changed returns: a
		// write just after it is one the watch reports.
		heard, unheard := fileEvents(ctx, s.path)
		s.watch.unheard = unheard
		last, err := s.DataVersion(ctx)
		go s.watchVersion(ctx, heard, last, err)
	})
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	return s.watch.changed
}

func (s *sqliteFile) watchVersion(ctx context.Context, heard <-chan struct{}, last int64, err error) {
	defer close(s.watch.done)
	next := nextRead(heard != nil)
	t := time.NewTimer(next(false))
	defer t.Stop()
	for {
		wrote := false
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-heard:
			wrote = true
		}
		v, verr := s.DataVersion(ctx)
		// A read that fails is the two-second poll's to report; one that
		// comes back after failing makes every reader read again.
		if verr != nil || (v == last && err == nil) {
			err = verr
			t.Reset(next(wrote))
			continue
		}
		last, err = v, nil
		s.watch.mu.Lock()
		close(s.watch.changed)
		s.watch.changed = make(chan struct{})
		s.watch.mu.Unlock()
		t.Reset(next(false))
	}
}

// nextRead gives the wait before each read of the data version: with
// writes heard of, watchSoon after one is heard, doubling while it has
// not moved, until watchSettled; otherwise watchQuiet. Without, watchEvery.
func nextRead(hearing bool) func(wrote bool) time.Duration {
	var since time.Duration // waited since the write heard, while reading soon
	var step time.Duration
	return func(wrote bool) time.Duration {
		switch {
		case !hearing:
			return watchEvery
		case wrote:
			since, step = 0, watchSoon
		case step == 0 || since >= watchSettled:
			step = 0
			return watchQuiet
		default:
			step *= 2
		}
		since += step
		return step
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

// Unheard says why another process's writes cannot be heard of here, ""
// when they can (or the system never tells, and polling is the rule):
// the watch then reads every watchEvery, which a waiting process pays
// for in CPU. Meaningful once Changed was called.
func (s *sqliteFile) Unheard() string {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	if s.watch.unheard == nil {
		return ""
	}
	return fmt.Sprintf("writes to %s cannot be heard of (%v), so it is read every %s instead, at more CPU",
		s.path, s.watch.unheard, watchEvery)
}
