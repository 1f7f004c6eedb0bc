package db

import (
	"context"
	"testing"
	"time"
)

// SQLite's writes to the -wal file by another connection are heard.
func TestFileEventsHearAnotherConnectionsWrite(t *testing.T) {
	_, writer, path := openPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard := fileEvents(ctx, path)
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
