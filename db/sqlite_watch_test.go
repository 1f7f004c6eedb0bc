package db

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// A screen on a SQLite file hears of another connection's write without
// waiting for its own poll: Changed is closed, and made anew for the next.
func TestASQLiteStoreSaysWhenAnotherConnectionWrote(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	watcher := openAt(t, path)
	importDoc(t, watcher, sampleDoc())
	writer := openAt(t, path)
	for i, subject := range []string{"S2", "S1"} {
		changed := watcher.Changed()
		if changed == nil {
			t.Fatal("Changed is nil: the store cannot be watched")
		}
		if _, err := writer.RecordReview(ctx, "INC-1", model.Review{Subject: subject, Reviewer: "mara", Verdict: "ignored", OutcomeChanged: "no", AICorrect: "no"}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
		case <-time.After(10 * time.Second):
			t.Fatalf("write %d: no word of it", i+1)
		}
	}
	// Closing stops the watch; the test's leak of a goroutine would show
	// as a hang here, not a failure, so close it explicitly.
	if err := watcher.Close(); err != nil {
		t.Fatal(err)
	}
}
