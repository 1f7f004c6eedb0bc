package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/db/dbtest"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/review"
)

// serverStore is a store on a server the test can take away: while
// offline its data version says the server cannot be reached, and once
// back it says the same version as before, so only the router's own
// re-reading can show what was written meanwhile. Changed hands out one
// channel, once.
type serverStore struct {
	*db.DB
	offline bool
	version int64
	changed chan struct{}
	handed  bool
}

func (s *serverStore) DataVersion(ctx context.Context) (int64, error) {
	if s.offline {
		return 0, model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (connection refused)")
	}
	return s.version, nil
}

func (s *serverStore) Changed() <-chan struct{} {
	if s.handed || s.changed == nil {
		return nil
	}
	s.handed = true
	return s.changed
}

// rejectS5 decides INC-2046/S5 on another connection, as another host would.
func rejectS5(t *testing.T, base *db.DB) {
	t.Helper()
	other, err := db.Open(context.Background(), base.Address(), db.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Decide(context.Background(), model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "dave",
		Outcome: model.OutcomeRejected, Rationale: "not worth it"}, review.DecisionChecker(review.DefaultPolicy())); err != nil {
		t.Fatal(err)
	}
}

func TestAnUnreachableDatabaseShowsABannerAndTheScreenReadsAfreshWhenItIsBack(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := &serverStore{DB: base, version: 1}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 80, 24)
	store.offline = true
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	text := screenText(a)
	if !strings.HasPrefix(text, "⚠ DATABASE UNREACHABLE, reconnecting") {
		t.Fatalf("no banner while the server is away:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
	rejectS5(t, base)
	store.offline = false
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
	text = screenText(a)
	if strings.Contains(text, "DATABASE UNREACHABLE") {
		t.Errorf("the banner stays once the server is back:\n%s", text)
	}
	if strings.Contains(text, "S5 block_ip") || !strings.Contains(text, "INC-2046/S5 was rejected by dave") {
		t.Errorf("the screen did not read again once the server was back:\n%s", text)
	}
	checkFrame(t, a.View(), 80, 24)
}

func TestAStoreThatHearsOfWritesRefreshesTheScreenWithoutWaitingForATick(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	store := &serverStore{DB: base, version: 1, changed: make(chan struct{})}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 160, 48)
	a.opts.Poll = time.Hour // only the store's word refreshes the screen
	watch := a.watch()
	if watch == nil {
		t.Fatal("the router does not wait for the store's word of writes")
	}
	rejectS5(t, base)
	store.version++ // as a real store's does
	close(store.changed)
	drive(t, a, watch)
	if text := screenText(a); !strings.Contains(text, "INC-2046/S5 was rejected by dave") {
		t.Errorf("the write heard of did not show:\n%s", text)
	}
}
