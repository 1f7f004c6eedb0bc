package tui

import (
	"strings"
	"testing"
)

// The queue's q goes back to the picker when the picker opened it, and
// its help says so; opened first, q quits.
func TestTheQueueSaysWhereQTakesYou(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start Start
		keys  []string
		want  string
	}{
		{"opened from the picker", StartReview, []string{"P", "?"}, "q back"},
		{"opened first", StartQueue, []string{"?"}, "q quit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestAppWith(t, Options{Start: tc.start}, openFixtures(t), "mara", 160, 48)
			press(t, a, tc.keys...)
			// The help's columns pad each key to the widest of its group.
			if got := screenText(a); !strings.Contains(strings.Join(strings.Fields(got), " "), tc.want) {
				t.Errorf("the queue's help does not say %q:\n%s", tc.want, got)
			}
		})
	}
}
