package db

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SQLite's writes to the -wal file by another connection are heard.
func TestFileEventsHearAnotherConnectionsWrite(t *testing.T) {
	_, writer, path := openPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard, _ := fileEvents(ctx, path)
	if heard == nil {
		t.Fatal("no inotify instance could be had")
	}
	note(t, writer, "heard")
	select {
	case <-heard:
	case <-time.After(30 * time.Second):
		t.Fatal("a write to the -wal file went unheard")
	}
}

// With no inotify instance left (fs.inotify.max_user_instances, shared
// by every process of the user), the watch falls back to polling, still
// hears a write, and says why it polls.
func TestASQLiteWatchWithNoInotifyLeftPollsAndSaysSo(t *testing.T) {
	init := inotifyInit
	inotifyInit = func(int) (int, error) { return -1, syscall.EMFILE }
	defer func() { inotifyInit = init }()
	reader, writer, _ := openPair(t)
	changed := reader.Changed()
	if why := reader.Unheard(); !strings.Contains(why, "max_user_instances") || !strings.Contains(why, "every 50ms") {
		t.Errorf("the store says %q of why it polls", why)
	}
	note(t, writer, "polled for")
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("a write by another connection went unseen")
	}
}
