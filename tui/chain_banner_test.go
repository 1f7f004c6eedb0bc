package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// A restored backup's banner is a long sentence whose end says what to
// do about it: at 80 columns every screen shows it whole, wrapped, and
// the frame still fits; on a terminal too short for it, it is cut with
// an ellipsis in a quarter of the height.
func TestTheChainBannerIsReadWholeAt80Columns(t *testing.T) {
	store := openFixtures(t)
	// The sentence a check of a record restored from an older backup gives.
	problem := "the record was changed outside signoff: entry 241 of the audit chain: the chain ends after 240 entries but held 241 when it was checked on 2026-12-02 13:34 UTC, so entries were cut off the end; signoff verify checks the whole record; if a backup was restored here on purpose, signoff verify --forget checks the record whole and remembers it as it is now"
	verify := func(context.Context) (string, error) { return problem, nil }
	screens := []struct {
		name string
		o    Options
		keys []string
	}{
		{"the picker", Options{}, nil},
		{"the review screen", Options{Incident: testIncident}, nil},
		{"the queue", Options{Start: StartQueue}, nil},
		{"the dashboard", Options{Start: StartMetrics}, nil},
		{"the queue opened from the picker", Options{}, []string{"P"}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {160, 48}, {40, 12}} {
			t.Run(fmt.Sprintf("%s at %dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				sc.o.VerifyChain = verify
				a := newTestAppWith(t, sc.o, store, reviewer, size[0], size[1])
				drive(t, a, a.verifyChain())
				press(t, a, sc.keys...)
				drive(t, a, func() tea.Msg { return tea.WindowSizeMsg{Width: size[0], Height: size[1]} })
				out := screenText(a)
				flat := strings.Join(strings.Fields(out), " ")
				if size[1] >= 24 && !strings.Contains(flat, "signoff verify --forget checks the record whole") {
					t.Errorf("the banner does not say what to do after a restore:\n%s", out)
				}
				if !strings.Contains(out, "⚠ AUDIT CHAIN BROKEN") {
					t.Errorf("no banner:\n%s", out)
				}
				checkFrame(t, a.View(), size[0], size[1])
			})
		}
	}
}
