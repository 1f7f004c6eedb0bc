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

// Where writes can be heard of, the watch sleeps until one comes: with
// its fallback read put an hour away, another connection's write still
// closes Changed.
func TestASQLiteWatchHearsAWriteWithoutPolling(t *testing.T) {
	if heard, _ := fileEvents(context.Background(), filepath.Join(t.TempDir(), "probe.db")); heard == nil {
		t.Skip("this system cannot tell of writes to a file")
	}
	quiet := watchQuiet
	watchQuiet = time.Hour
	defer func() { watchQuiet = quiet }()
	reader, writer, _ := openPair(t)
	changed := reader.Changed()
	note(t, writer, "heard, not polled for")
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("a write by another connection went unheard")
	}
}

func TestTheWatchReadsSoonAfterAWriteThenRests(t *testing.T) {
	cases := []struct {
		name    string
		hearing bool
		wrote   []bool
		want    []time.Duration
	}{
		{"without word of writes it polls", false, []bool{false, true, false},
			[]time.Duration{watchEvery, watchEvery, watchEvery}},
		{"with word of writes it rests until one comes", true, []bool{false, false},
			[]time.Duration{watchQuiet, watchQuiet}},
		{"after a write it reads soon, then less often, then rests", true,
			[]bool{true, false, false, false, false, false, false, false, false},
			[]time.Duration{5, 10, 20, 40, 80, 160, 320, 640, 0}},
		{"a write while reading soon starts again", true, []bool{true, false, true},
			[]time.Duration{5, 10, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			next := nextRead(tc.hearing)
			for i, w := range tc.wrote {
				want := tc.want[i]
				if tc.hearing && want < time.Millisecond {
					want *= time.Millisecond
					if want == 0 {
						want = watchQuiet
					}
				}
				if got := next(w); got != want {
					t.Errorf("wait %d: %s, want %s", i+1, got, want)
				}
			}
		})
	}
}
