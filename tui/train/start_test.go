package train

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/tuitest"
)

// Training as the first screen, left with ctrl+c (alone, or after q)
// before the store answered the run's start, quits at once; a start that lands
// while whoever ran it still waits (Settle) is closed, not left open.
func TestARunThatStartsAfterTheScreenWasLeftIsClosed(t *testing.T) {
	for _, keys := range [][]string{{"q", "ctrl+c"}, {"ctrl+c"}} {
		t.Run(strings.Join(keys, " "), func(t *testing.T) { leaveBeforeTheStart(t, keys) })
	}
}

func leaveBeforeTheStart(t *testing.T, keys []string) {
	d := openSmall(t)
	m := New(tuitest.Common(d, "alice", ticking()), Options{Incident: "INC-7"})
	m.SetSize(80, 24)
	start := m.Init() // the store has not answered yet
	if !press(t, &m, keys...) {
		t.Fatalf("%v before the run started did not leave", keys)
	}
	if !m.StartUnanswered() {
		t.Fatal("the start has not been answered, and the screen does not say so")
	}
	start() // the start lands after the program ended: nobody reads its message
	m.Settle(context.Background())
	rs := runs(t, d, "INC-7")
	if len(rs) != 1 || rs[0].EndedAt == nil || rs[0].Finished {
		t.Fatalf("runs %+v; want one, closed unfinished", rs)
	}
	if run := m.Run(); run.ID != rs[0].ID || run.EndedAt == nil || m.Err() != nil || m.StartUnanswered() {
		t.Errorf("the screen says its run is %+v (%v); want run %d, closed", run, m.Err(), rs[0].ID)
	}
}

// With no time left to wait, a start still unanswered is said to be so.
func TestAStartStillUnansweredIsSaidToBe(t *testing.T) {
	d := openSmall(t)
	m := New(tuitest.Common(d, "alice", ticking()), Options{Incident: "INC-7"})
	m.SetSize(80, 24)
	m.Init()
	press(t, &m, "q", "ctrl+c")
	over, cancel := context.WithCancel(context.Background())
	cancel()
	m.Settle(over)
	if !m.StartUnanswered() || m.Run().ID != 0 || len(runs(t, d, "INC-7")) != 0 {
		t.Errorf("unanswered %v, run %+v", m.StartUnanswered(), m.Run())
	}
}

// awayStart is a store whose server is away for the run's start.
type awayStart struct{ model.Store }

func (awayStart) StartTrainingRun(context.Context, model.TrainingRun) (model.TrainingRun, error) {
	return model.TrainingRun{}, model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server cannot be reached (connection refused)")
}

// A start that found the server away is not on its way: q leaves at
// once, with no run to close and none said to be left open; q pressed
// while the start was on its way leaves once it finds the server away.
func TestQLeavesARunWhoseStartFoundTheServerAway(t *testing.T) {
	t.Run("q after the start found the server away", func(t *testing.T) {
		m := newTestModel(t, awayStart{openSmall(t)}, "INC-7", "alice", 80, 24)
		if !strings.Contains(screenText(m), "cannot be reached") {
			t.Errorf("nothing says the server is away:\n%s", screenText(m))
		}
		if !press(t, m, "q") {
			t.Fatal("q did not leave")
		}
		if m.StartUnanswered() || fatal[m] != nil {
			t.Errorf("unanswered %v, full-screen error %v", m.StartUnanswered(), fatal[m])
		}
	})
	t.Run("q while the start is on its way", func(t *testing.T) {
		m := New(tuitest.Common(awayStart{openSmall(t)}, "alice", ticking()), Options{Incident: "INC-7"})
		m.SetSize(80, 24)
		start := m.Init()
		if press(t, &m, "q") {
			t.Fatal("q left before the start was answered")
		}
		if left := drive(t, &m, start); !left || m.StartUnanswered() || fatal[&m] != nil {
			t.Errorf("left %v, unanswered %v, full-screen error %v", left, m.StartUnanswered(), fatal[&m])
		}
	})
}

// awayClose is a store whose server is away for runs' closes while away.
type awayClose struct {
	model.Store
	away *bool
}

func (s awayClose) EndTrainingRun(ctx context.Context, run int64, at time.Time, finished bool) error {
	if *s.away {
		return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server cannot be reached (connection refused)")
	}
	return s.Store.EndTrainingRun(ctx, run, at, finished)
}

// q while the server is away does not leave the run open behind the
// trainee: the screen says so, and closes the run and goes back once the
// server is back.
func TestQWhileTheServerIsAwayClosesTheRunOnceItIsBack(t *testing.T) {
	d := openSmall(t)
	away := true
	m := newTestModel(t, awayClose{d, &away}, "INC-7", "alice", 80, 24)
	if press(t, m, "q") {
		t.Fatal("q left with the run's close refused: the run stays open and nothing says so")
	}
	if !strings.Contains(screenText(m), "cannot be reached") || fatal[m] != nil {
		t.Errorf("the screen does not say the server is away (full-screen error %v):\n%s", fatal[m], screenText(m))
	}
	away = false
	if !drive(t, m, m.Refresh()) {
		t.Fatal("once the server is back the screen does not go back")
	}
	rs := runs(t, d, "INC-7")
	if len(rs) != 1 || rs[0].EndedAt == nil || rs[0].Finished || m.Err() != nil || m.Run().EndedAt == nil {
		t.Errorf("runs %+v (%v); want one, closed unfinished", rs, m.Err())
	}
}

// awayRows is a store whose timeline cannot be read while away.
type awayRows struct {
	model.Store
	away *bool
}

func (s awayRows) TimelineAfter(ctx context.Context, inc string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if *s.away {
		return nil, model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server cannot be reached (connection refused)")
	}
	return s.Store.TimelineAfter(ctx, inc, after, limit)
}

// n pressed twice while the row the server was away for is read again
// reads it once: the replay does not show the row twice.
func TestTheRowReadAgainIsReadOnce(t *testing.T) {
	away := false
	m := newTestModel(t, awayRows{openSmall(t), &away}, "INC-7", "alice", 80, 24)
	away = true
	press(t, m, "n")
	away = false
	first, read := m.Update(keyMsg("n")) // the server is back: read again
	second, again := first.Update(keyMsg("n"))
	*m = second
	drive(t, m, read)
	drive(t, m, again)
	if ids := len(m.replay.rows); ids != 2 || m.replay.rows[1].ID != "EV-1" {
		t.Errorf("the replay holds %d rows, ending at %s; want E1, EV-1", ids, m.replay.now().ID)
	}
}
