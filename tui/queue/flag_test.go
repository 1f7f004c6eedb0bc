package queue

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
)

// An item's state column keeps its expiry once it has a first approval:
// the second approver has only until then.
func TestTheStateColumnKeepsTheExpiryOfAnItemAwaitingItsSecondApproval(t *testing.T) {
	soon, later, past := clock.Add(4*time.Minute+7*time.Second), clock.Add(60*24*time.Hour), clock.Add(-time.Minute)
	first := &model.PendingApproval{By: "alice", At: clock}
	for _, c := range []struct {
		name string
		it   model.PendingItem
		want string
	}{
		{"expiring in days", model.PendingItem{ExpiresAt: &later, FirstApproval: first}, "✔1/2 exp 60d"},
		{"expiring within the hour", model.PendingItem{ExpiresAt: &soon, FirstApproval: first}, "✔1/2 exp 4:07"},
		{"expired", model.PendingItem{ExpiresAt: &past, FirstApproval: first}, "✔1/2 EXPIRED"},
		{"with no expiry", model.PendingItem{FirstApproval: first}, "✔1/2"},
		{"with no first approval", model.PendingItem{ExpiresAt: &later}, "exp 60d"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := flag(c.it, clock); got != c.want {
				t.Errorf("flag %q, want %q", got, c.want)
			}
		})
	}
}

// On screen: after the first approval of S4, which expires, its row says
// both, in a column as wide as that takes.
func TestARowAwaitingItsSecondApprovalShowsItsExpiry(t *testing.T) {
	m := newTestModel(t, openStore(t), "alice", 80, 24)
	selectKey(t, m, "INC-2046/S4")
	if !strings.Contains(screen(m), "exp 67d") {
		t.Fatalf("S4 does not show its expiry before the first approval:\n%s", screen(m))
	}
	press(t, m, "a")
	typeText(t, m, "unknown GPU spend")
	press(t, m, "enter", "y", "enter")
	if it := m.Selected(); it == nil || it.Suggestion != "S4" || it.FirstApproval == nil {
		t.Fatalf("S4 has no first approval: %+v", m.Selected())
	}
	for _, l := range strings.Split(screen(m), "\n") {
		if strings.Contains(l, " S4 ") && !strings.Contains(l, "✔1/2 exp 67d") {
			t.Errorf("S4's row lost its expiry or its approval: %q", l)
		}
	}
	checkFrame(t, m.View(), 80, 24)
}

// The confidence column is as wide with no confidence as with one, so
// the columns after it line up.
func TestTheConfidenceColumnHasOneWidth(t *testing.T) {
	none := ansi.StringWidth(conf(nil))
	for _, c := range []float64{0, 0.05, 0.58, 1} {
		if w := ansi.StringWidth(conf(&c)); w != none {
			t.Errorf("conf(%v) is %d cells wide, conf(nil) %d", c, w, none)
		}
	}
}
