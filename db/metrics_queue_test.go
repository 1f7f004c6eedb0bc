package db

import (
	"context"
	"testing"

	"github.com/signoff/signoff/model"
)

// A decision made in the queue must move its suggestion out of "pending"
// in the trust metrics, exactly as an imported decision would.
func TestAQueueDecisionUpdatesTheTrustMetrics(t *testing.T) {
	eachEngine(t, func(t *testing.T) {
		d := openQueue(t)
		ctx := context.Background()
		count := func() (pending, decided int) {
			t.Helper()
			cells, err := d.MetricCells(ctx, model.MetricsFilter{Incident: "INC-2046"})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cells {
				pending += c.Pending
				decided += c.Decided
			}
			return pending, decided
		}
		pending, decided := count()
		if _, err := decide(d, "alice", "S5", model.OutcomeApproved); err != nil {
			t.Fatal(err)
		}
		p2, d2 := count()
		if p2 != pending-1 || d2 != decided+1 {
			t.Fatalf("after approving S5: pending %d→%d, decided %d→%d; want one fewer pending, one more decided", pending, p2, decided, d2)
		}
	})
}
