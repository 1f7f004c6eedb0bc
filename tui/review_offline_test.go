package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
)

// errAway is what every read says while the server is away.
func errAway() error {
	return model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (connection refused)")
}

// awayThenBack checks a workstation opened while the server is away: it
// does not end, it says the server is away, and at the next tick after
// the server is back it shows the screen want names, with back on it.
func awayThenBack(t *testing.T, a *App, store *serverStore, what string, want screen, back string) {
	t.Helper()
	if a.current == screenFatal {
		t.Fatalf("a server away while %s ended the workstation:\n%s", what, screenText(a))
	}
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	if text := screenText(a); !strings.Contains(text, "cannot be reached") {
		t.Errorf("nothing says the server is away:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
	store.offline = false
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	text := screenText(a)
	if a.current != want || !strings.Contains(text, back) {
		t.Errorf("once the server is back %s is not shown:\n%s", back, text)
	}
	checkFrame(t, a.View(), 80, 24)
}

// awayStore is serverStore whose reads of an incident's roster fail too
// while the server is away, as every read then does.
type awayStore struct{ *serverStore }

func (s awayStore) Roster(ctx context.Context, incident string) (model.Roster, error) {
	if s.offline {
		return model.Roster{}, errAway()
	}
	return s.serverStore.Roster(ctx, incident)
}

// An incident opened while the server is away (a restart) says so and
// opens once the server is back: the workstation does not end.
func TestAnIncidentOpenedWhileTheServerIsAwayOpensWhenItIsBack(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := awayStore{&serverStore{DB: base, version: 1, offline: true}}
	a := newTestAppWith(t, Options{Incident: "INC-2046"}, store, "tomas", 80, 24)
	awayThenBack(t, a, store.serverStore, "the incident opened", screenReview, "GPU spend anomaly")
}

// awayQueueStore is serverStore whose queue cannot be read, whole or its
// head, while the server is away.
type awayQueueStore struct{ *serverStore }

func (s awayQueueStore) PendingQueue(ctx context.Context) (model.Queue, error) {
	if s.offline {
		return model.Queue{}, errAway()
	}
	return s.serverStore.PendingQueue(ctx)
}

func (s awayQueueStore) PendingQueueHead(ctx context.Context, pick func(keys []model.PendingItem) []string) (model.QueueHead, error) {
	if s.offline {
		return model.QueueHead{}, errAway()
	}
	return s.serverStore.PendingQueueHead(ctx, pick)
}

// The queue opened while the server is away says so, and lists the
// items once the server is back: the workstation does not end.
func TestTheQueueOpenedWhileTheServerIsAwayListsWhenItIsBack(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := awayQueueStore{&serverStore{DB: base, version: 1, offline: true}}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 80, 24)
	awayThenBack(t, a, store.serverStore, "the queue opened", screenQueue, "S5 block_ip")
}

// awayListStore is serverStore whose incident list cannot be read while
// the server is away.
type awayListStore struct{ *serverStore }

func (s awayListStore) Incidents(ctx context.Context) ([]model.IncidentSummary, error) {
	if s.offline {
		return nil, errAway()
	}
	return s.serverStore.Incidents(ctx)
}

// The incident picker read while the server is away (opened, or gone
// back to from an incident during a restart) says so, and lists the
// incidents once the server is back: the workstation does not end.
func TestThePickerReadWhileTheServerIsAwayListsWhenItIsBack(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := awayListStore{&serverStore{DB: base, version: 1, offline: true}}
	a := newTestAppWith(t, Options{}, store, "tomas", 80, 24)
	awayThenBack(t, a, store.serverStore, "the picker read", screenPicker, "INC-2046")
	if text := screenText(a); strings.Contains(text, "cannot be reached") {
		t.Errorf("once the server is back the picker still says it is away:\n%s", text)
	}
}

// awayTimelineStore is serverStore whose timeline cannot be read while
// the server is away.
type awayTimelineStore struct{ *serverStore }

func (s awayTimelineStore) TimelineAfter(ctx context.Context, incident string, after *model.Cursor, limit int) ([]model.TimelineRow, error) {
	if s.offline {
		return nil, errAway()
	}
	return s.serverStore.TimelineAfter(ctx, incident, after, limit)
}

// A training run whose next event cannot be read, the server being away
// (a restart), says so and goes on from the same place at the next key
// once it is back: the workstation does not end.
func TestATrainingRunGoesOnAfterTheServerWasAway(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := awayTimelineStore{&serverStore{DB: base, version: 1}}
	o := Options{Start: StartTraining}
	o.Training.Incident = "INC-2046"
	a := newTestAppWith(t, o, store, "tomas", 80, 24)
	first := screenText(a)
	if !strings.Contains(first, "Northwind cloud token found") {
		t.Fatalf("the run does not show its first event:\n%s", first)
	}
	store.offline = true
	press(t, a, "n")
	if a.current == screenFatal {
		t.Fatalf("a server away during the run ended the workstation:\n%s", screenText(a))
	}
	if text := screenText(a); !strings.Contains(text, "cannot be reached") {
		t.Errorf("nothing says the server is away:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
	store.offline = false
	press(t, a, "n")
	if text := screenText(a); !strings.Contains(text, "GPU spend anomaly") {
		t.Errorf("once the server is back the next key does not show the next event:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
}
