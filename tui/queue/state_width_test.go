package queue

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
)

// The state column holds its widest text, "exp 12:34" (and "✔1/2 exp
// 12:34" while an item awaits its second approval), so the columns after
// it and the actions before it stay in line from row to row.
func TestTheStateColumnHoldsAMinutesCountdown(t *testing.T) {
	store := openStore(t)
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, awaiting := range []bool{false, true} {
			m := newTestModel(t, store, "alice", size[0], size[1])
			if awaiting {
				m.counted.awaiting = 1
			}
			var rows []string
			for _, left := range []time.Duration{12*time.Minute + 34*time.Second, 4*time.Minute + 7*time.Second, 0} {
				it := model.PendingItem{Incident: "INC-1", Suggestion: "S1", Agent: "triage", At: clock.Add(-time.Minute),
					Tier: model.TierHigh, Action: model.Action{Type: "isolate_host", Target: "a-rather-long-host-name-that-is-cut"}}
				if left > 0 {
					exp := clock.Add(left)
					it.ExpiresAt = &exp
				}
				if awaiting {
					it.FirstApproval = &model.PendingApproval{By: "dave"}
				}
				rows = append(rows, ansi.Strip(m.row(it, false, m.listWidth(), clock)))
			}
			at := func(row, s string) int { return ansi.StringWidth(row[:strings.Index(row, s)]) }
			for _, r := range rows[1:] {
				if at(r, "triage") != at(rows[0], "triage") || ansi.StringWidth(r) != ansi.StringWidth(rows[0]) {
					t.Errorf("%dx%d (awaiting %v): the rows are out of line:\n%s", size[0], size[1], awaiting, strings.Join(rows, "\n"))
					break
				}
			}
			if !strings.Contains(rows[0], "exp 12:34") {
				t.Errorf("%dx%d: the countdown is not shown whole: %q", size[0], size[1], rows[0])
			}
		}
	}
}
