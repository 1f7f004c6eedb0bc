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

// A server that restarts while the workstation checks the audit chain
// cuts the check short: that says nothing about the chain, so no banner
// calls it broken; the check runs again once the store answers, and what
// it finds then is what shows.
func TestAChainCheckCutByAnUnreachableServerRunsAgainWhenItIsBack(t *testing.T) {
	cases := []struct {
		name   string
		second string // what the check finds once the server is back
		banner string
	}{
		{"an intact chain shows no banner once checked", "", ""},
		{"a broken chain shows its banner once checked", "record 7 was altered", "⚠ AUDIT CHAIN BROKEN: record 7 was altered"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := dbtest.Open(t, clock, "inc-2046-mcp-token-open-queue.json")
			store := &serverStore{DB: base, version: 1}
			calls := 0
			verify := func(context.Context) (string, error) {
				calls++
				if calls == 1 {
					return "", model.Errorf(model.EUNAVAILABLE, "the PostgreSQL server at postgres://db.example/signoff cannot be reached (terminating connection due to administrator command)")
				}
				return c.second, nil
			}
			a := newTestAppWith(t, Options{Incident: "INC-2046", VerifyChain: verify}, store, "tomas", 80, 24)
			if calls != 1 {
				t.Fatalf("the chain was checked %d times at the start, want once", calls)
			}
			if text := screenText(a); strings.Contains(text, "AUDIT CHAIN") || !strings.Contains(text, "verifying audit chain…") {
				t.Errorf("a check the server cut short shows as a verdict on the chain:\n%s", text)
			}
			store.offline = true
			drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
			if calls != 1 {
				t.Errorf("the check ran again while the server was away")
			}
			store.offline = false
			drive(t, a, func() tea.Msg { return tickMsg(time.Now()) })
			if calls != 2 {
				t.Fatalf("once the server is back the chain was checked %d times in all, want twice", calls)
			}
			text := screenText(a)
			if strings.Contains(text, "verifying audit chain") {
				t.Errorf("the header still says verifying after the check answered:\n%s", text)
			}
			if c.banner == "" && strings.Contains(text, "AUDIT CHAIN") || c.banner != "" && !strings.Contains(text, c.banner) {
				t.Errorf("want banner %q:\n%s", c.banner, text)
			}
			checkFrame(t, a.View(), 80, 24)
		})
	}
}
