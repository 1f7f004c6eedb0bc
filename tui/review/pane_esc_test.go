package review

import (
	"fmt"
	"strings"
	"testing"
)

// esc closes what is open on every screen: in the step pane it goes back
// to the timeline as q does, at either width, and a filter stays on for
// the esc after it to clear from the timeline.
func TestEscInTheStepPaneGoesBackToTheTimeline(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, filtered := range []bool{false, true} {
			t.Run(fmt.Sprintf("at %dx%d, filtered %v", size[0], size[1], filtered), func(t *testing.T) {
				a := newTestApp(t, openFixtures(t), reviewer, testIncident, size[0], size[1])
				if filtered {
					filterBy(t, a, "kind:ai,human")
				}
				press(t, a, "enter")
				if !a.screen.pane.Focused() {
					t.Fatal("enter did not focus the step pane")
				}
				if !strings.Contains(screenText(a), "q/esc back to timeline") {
					t.Errorf("the key line does not offer esc back to the timeline:\n%s", screenText(a))
				}
				press(t, a, "esc")
				if a.screen.pane.Focused() || !a.screen.timeline.Focused() {
					t.Fatalf("esc did not go back to the timeline:\n%s", screenText(a))
				}
				if a.back != 0 {
					t.Errorf("esc left the screen; it should only close the pane")
				}
				if filtered == a.screen.filter.IsZero() {
					t.Errorf("esc in the pane changed the filter (on: %v)", !a.screen.filter.IsZero())
				}
			})
		}
	}
}
