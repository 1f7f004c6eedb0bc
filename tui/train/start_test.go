package train

import (
	"context"
	"strings"
	"testing"

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
