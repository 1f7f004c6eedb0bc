package export

import (
	"strings"
	"testing"
	"time"

	"github.com/signoff/signoff/model"
)

var t0 = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func event(id string, min int) model.TimelineRecord {
	return model.TimelineRecord{Event: &model.Event{ID: id, At: at(min)}}
}

func change(id string, s model.Status, min int) model.TimelineRecord {
	return model.TimelineRecord{Status: &model.StatusChange{ID: id, Status: s, At: at(min)}}
}

// lines writes what an export writes of a walk, as Life places it.
func lines(inc model.Incident, recs ...model.TimelineRecord) string {
	l := NewLife(inc)
	var out []string
	for _, r := range recs {
		if l.ClosingBefore(r) {
			out = append(out, "closing")
		}
		switch {
		case r.Status != nil:
			out = append(out, r.Status.ID+" "+string(l.Change(r.Status))+"→"+string(r.Status.Status))
		default:
			out = append(out, r.Event.ID)
		}
	}
	if l.ClosingAtEnd() {
		out = append(out, "closing")
	}
	return strings.Join(out, ", ") + "; in force " + string(l.Current())
}

func TestLifePlacesTheClosingAndNamesWhatEachChangeMovedFrom(t *testing.T) {
	closedAt := at(30)
	open := model.Incident{Status: model.StatusOpen}
	closed := model.Incident{Status: model.StatusClosed, ClosedAt: &closedAt}
	for _, tc := range []struct {
		name string
		inc  model.Incident
		recs []model.TimelineRecord
		want string
	}{
		{"an open incident closed by two changes", open,
			[]model.TimelineRecord{event("E1", 1), change("ST-1", model.StatusContained, 5), event("E2", 6), change("ST-2", model.StatusClosed, 40)},
			"E1, ST-1 open→contained, E2, ST-2 contained→closed; in force closed"},
		{"a closed incident with no change closes at its moment", closed,
			[]model.TimelineRecord{event("E1", 1), event("E2", 30), event("E3", 31)},
			"E1, E2, closing, E3; in force closed"},
		{"a closing after every record comes last", closed,
			[]model.TimelineRecord{event("E1", 1)},
			"E1, closing; in force closed"},
		{"a change after the closing reopens it", closed,
			[]model.TimelineRecord{event("E1", 1), change("ST-1", model.StatusOpen, 50)},
			"E1, closing, ST-1 closed→open; in force open"},
		{"a change at the closing's moment comes after it", closed,
			[]model.TimelineRecord{change("ST-1", model.StatusContained, 30)},
			"closing, ST-1 closed→contained; in force contained"},
		{"a change before the closing supersedes it", closed,
			[]model.TimelineRecord{change("ST-1", model.StatusContained, 10), event("E1", 31)},
			"ST-1 closed→contained, E1; in force contained"},
		{"a change before a closing after every record supersedes it too", closed,
			[]model.TimelineRecord{change("ST-1", model.StatusResolved, 10)},
			"ST-1 closed→resolved; in force resolved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lines(tc.inc, tc.recs...); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
