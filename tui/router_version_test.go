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

// writeAfterFirstQueue is a store whose first PendingQueue, once it has
// its snapshot, lets another connection commit a decision: the write lands
// between the queue's first load and whatever the router reads after it.
type writeAfterFirstQueue struct {
	*db.DB
	other *db.DB
	done  bool
	t     *testing.T
}

func (s *writeAfterFirstQueue) PendingQueue(ctx context.Context) (model.Queue, error) {
	q, err := s.DB.PendingQueue(ctx)
	s.afterFirst(ctx)
	return q, err
}

// PendingQueueHead is the queue's first load when it starts in two parts.
func (s *writeAfterFirstQueue) PendingQueueHead(ctx context.Context, pick func([]model.PendingItem) []string) (model.QueueHead, error) {
	h, err := s.DB.PendingQueueHead(ctx, pick)
	s.afterFirst(ctx)
	return h, err
}

func (s *writeAfterFirstQueue) afterFirst(ctx context.Context) {
	if !s.done {
		s.done = true
		_, derr := s.other.Decide(ctx, model.DecideRequest{Incident: "INC-2046", Suggestion: "S5", Person: "dave",
			Outcome: model.OutcomeRejected, Rationale: "not worth it"}, review.DecisionChecker(review.DefaultPolicy()))
		if derr != nil {
			s.t.Fatal(derr)
		}
	}
}

func TestTheQueuesFirstLoadMissesNoWrite(t *testing.T) {
	base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
	other, err := db.Open(context.Background(), base.Address(), db.WithClock(func() time.Time { return clock }))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	store := &writeAfterFirstQueue{DB: base, other: other, t: t}
	a := newTestAppWith(t, Options{Start: StartQueue}, store, "tomas", 160, 48)
	if !strings.Contains(screenText(a), "S5 block_ip") {
		t.Fatalf("the first load should show S5, decided only after its snapshot:\n%s", screenText(a))
	}
	drive(t, a, func() tea.Msg { return tickMsg(time.Now()) }) // the router's next look at the store
	if text := screenText(a); strings.Contains(text, "S5 block_ip") || !strings.Contains(text, "INC-2046/S5 was rejected by dave") {
		t.Errorf("the decision committed during the first load never showed:\n%s", text)
	}
}
