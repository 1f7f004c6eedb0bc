package review

import (
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

// Whether the timeline writes dates follows how the incident ended: the
// status change in force, not the closed_at it was imported with.
func TestTheTimelineSpansDaysToHowTheIncidentEnded(t *testing.T) {
	day := func(d, h int) time.Time { return time.Date(2026, 4, d, h, 0, 0, 0, time.UTC) }
	now := day(3, 9)
	imported := func() model.IncidentSummary {
		closed := day(1, 18)
		return model.IncidentSummary{Incident: model.Incident{ID: "INC-1", Status: model.StatusResolved, OpenedAt: day(1, 9), ClosedAt: &closed}}
	}
	cases := []struct {
		name string
		sum  func() model.IncidentSummary
		want bool
	}{
		{"closed the day it opened", imported, false},
		{"reopened the next day: it runs on until now", func() model.IncidentSummary {
			s := imported()
			s.SetStatusInForce(model.StatusOpen, "alice", day(2, 9))
			return s
		}, true},
		{"reopened and closed again the next day", func() model.IncidentSummary {
			s := imported()
			s.SetStatusInForce(model.StatusClosed, "alice", day(2, 12))
			return s
		}, true},
		{"closed by a change the same day", func() model.IncidentSummary {
			s := imported()
			s.ClosedAt = nil
			s.Status = model.StatusOpen
			s.SetStatusInForce(model.StatusResolved, "alice", day(1, 20))
			return s
		}, false},
	}
	for _, c := range cases {
		if got := spansDays(c.sum(), now); got != c.want {
			t.Errorf("%s: spans days %v, want %v", c.name, got, c.want)
		}
	}
}
