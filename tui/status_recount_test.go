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

// rejectAllPending rejects, through store, every suggestion pending on
// INC-2046: another signoff deciding while the status form is open.
func rejectAllPending(t *testing.T, store *db.DB) int {
	t.Helper()
	ctx := context.Background()
	q, err := store.PendingQueue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range q.Items {
		if it.Incident != "INC-2046" {
			continue
		}
		_, err := store.Decide(ctx, model.DecideRequest{Incident: it.Incident, Suggestion: it.Suggestion, Person: "dave",
			Outcome: model.OutcomeRejected, Rationale: "handled elsewhere"}, review.DecisionChecker(review.DefaultPolicy()))
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	return n
}

// The status form counts the pending work when it opens and again when
// another process writes, so it never offers to defer what was decided
// meanwhile ("defer 1" with nothing pending).
func TestTheStatusFormCountsWhatIsPendingNow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		o     Options
		open  []string
		after bool // decided after the form opened (else before, unseen)
	}{
		{"review: decided elsewhere while the form is open", Options{Incident: "INC-2046"}, []string{"S"}, true},
		{"review: decided elsewhere before the form opened, the header not read since", Options{Incident: "INC-2046"}, []string{"S"}, false},
		{"queue: decided elsewhere while the form is open", Options{Start: StartQueue}, []string{"S"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
			other, err := db.Open(context.Background(), base.Address(), db.WithClock(func() time.Time { return clock }))
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			a := newTestAppWith(t, tc.o, base, "alice", 160, 48)
			if !tc.after {
				rejectAllPending(t, other)
			}
			press(t, a, tc.open...)
			press(t, a, "right", "right") // closed
			if tc.after {
				if text := screenText(a); !strings.Contains(text, "still pending") {
					t.Fatalf("with work pending the form offers no deferral:\n%s", text)
				}
				press(t, a, "tab", "tab", " ") // tick "defer them all"
				rejectAllPending(t, other)
				drive(t, a, func() tea.Msg { return tickMsg(time.Now()) }) // the router's next look at the store
			}
			text := screenText(a)
			if strings.Contains(text, "still pending") {
				t.Errorf("with nothing pending the form still offers to defer:\n%s", text)
			}
			flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "│", " ")), " ")
			if tc.after && !strings.Contains(flat, "0 suggestions are pending now, not 5") {
				t.Errorf("the form does not say the count it was ticked for changed:\n%s", text)
			}
		})
	}
}
