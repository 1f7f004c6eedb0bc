package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
)

func TestChainVerification(t *testing.T) {
	store := openFixtures(t)
	cases := []struct {
		name    string
		problem string
		err     error
		banner  string // "" when no banner may show
	}{
		{"an intact chain clears the note and shows no banner", "", nil, ""},
		{"a broken audit chain shows a red banner", "record 7 was altered", nil, "⚠ AUDIT CHAIN BROKEN: record 7 was altered"},
		{"a check that fails says the chain could not be verified", "", model.Errorf(model.EINTERNAL, "disk I/O error"),
			"AUDIT CHAIN BROKEN: the audit chain could not be verified"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			verify := func(context.Context) (string, error) {
				calls++
				return c.problem, c.err
			}
			a := testApp(store, Options{Incident: testIncident, VerifyChain: verify})
			if calls != 0 {
				t.Fatalf("New verified the chain before the first frame")
			}
			// The screen's first frame comes before the check answers.
			drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} })
			drive(t, a, a.openIncident(common.OpenIncidentMsg{ID: testIncident}))
			if calls != 0 {
				t.Fatalf("opening the incident verified the chain")
			}
			if out := screenText(a); !strings.Contains(out, "verifying audit chain…") || strings.Contains(out, "AUDIT CHAIN") {
				t.Errorf("before the check answers the header does not say it is verifying:\n%s", out)
			}
			checkFrame(t, a.View(), 80, 24)
			// Init holds the check as a command of its own.
			drive(t, a, a.Init())
			if calls != 1 {
				t.Fatalf("Init's commands verified the chain %d times, want once", calls)
			}
			out := screenText(a)
			if strings.Contains(out, "verifying audit chain") {
				t.Errorf("the header still says verifying after the answer:\n%s", out)
			}
			if c.banner == "" && strings.Contains(out, "AUDIT CHAIN") || c.banner != "" && !strings.Contains(out, c.banner) {
				t.Errorf("want banner %q:\n%s", c.banner, out)
			}
			checkFrame(t, a.View(), 80, 24)
		})
	}

	t.Run("the picker shows the check and its banner too", func(t *testing.T) {
		a := testApp(store, Options{VerifyChain: func(context.Context) (string, error) { return "record 7 was altered", nil }})
		drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} })
		drive(t, a, a.show(screenPicker))
		if out := screenText(a); !strings.Contains(out, "verifying audit chain…") {
			t.Errorf("the picker does not say it is verifying:\n%s", out)
		}
		drive(t, a, a.verifyChain())
		out := screenText(a)
		if !strings.Contains(out, "AUDIT CHAIN BROKEN: record 7 was altered") || strings.Contains(out, "verifying") {
			t.Errorf("the picker lacks the banner:\n%s", out)
		}
		checkFrame(t, a.View(), 80, 24)
	})

	t.Run("a check cut short by quitting is not reported as a failure", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		o := Options{Incident: testIncident, VerifyChain: func(ctx context.Context) (string, error) { cancel(); return "", ctx.Err() }}
		o.Ctx = ctx
		a := testApp(store, o)
		drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: 80, Height: 24} })
		drive(t, a, a.openIncident(common.OpenIncidentMsg{ID: testIncident}))
		drive(t, a, a.verifyChain())
		if out := screenText(a); strings.Contains(out, "AUDIT CHAIN") {
			t.Errorf("a cancelled check shows a banner:\n%s", out)
		}
	})
}

// faultyStore is the store after one of its reads met an entry that does
// not verify.
type faultyStore struct {
	model.Store
	fault string
}

func (f faultyStore) ReadFault() string { return f.fault }

// The queue, the training screen and the dashboard have no banner of their
// own: the router keeps a line above them for the audit chain's problem,
// whether the whole check found it or a read of the store did.
func TestScreensWithoutABannerShowTheChainsProblemToo(t *testing.T) {
	store := openFixtures(t)
	const fault = "the record was changed outside signoff: entry 12 (events S5)"
	cases := []struct {
		name  string
		start Start
		o     Options
		store model.Store
		want  string
	}{
		{"the whole check finds it over the queue", StartQueue,
			Options{VerifyChain: func(context.Context) (string, error) { return "record 7 was altered", nil }}, store,
			"⚠ AUDIT CHAIN BROKEN: record 7 was altered"},
		{"a read finds it over the queue", StartQueue, Options{}, faultyStore{store, fault}, "⚠ AUDIT CHAIN BROKEN: " + fault},
		{"a read finds it over the dashboard", StartMetrics, Options{}, faultyStore{store, fault}, "⚠ AUDIT CHAIN BROKEN: " + fault},
		{"a read finds it over a training run", StartTraining, Options{}, faultyStore{store, fault}, "⚠ AUDIT CHAIN BROKEN: " + fault},
		{"a read finds it on the review screen, in its own banner", StartReview, Options{Incident: testIncident}, faultyStore{store, fault}, "⚠ AUDIT CHAIN BROKEN: " + fault},
	}
	for _, c := range cases {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s at %dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				o := c.o
				o.Start = c.start
				o.Training.Incident = testIncident
				a := newTestAppWith(t, o, c.store, "mara", size[0], size[1])
				drive(t, a, a.readVersion())
				out := screenText(a)
				if first := strings.SplitN(out, "\n", 2)[0]; !strings.HasPrefix(first, c.want[:min(len(c.want), size[0]-1)]) {
					t.Errorf("the first line is %q; want the banner:\n%s", first, out)
				}
				checkFrame(t, a.View(), size[0], size[1])
			})
		}
	}
}
