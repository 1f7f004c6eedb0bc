package review

import (
	"slices"
	"testing"
)

// With a filter on, ] and [ still go from step to step: each lands on
// the first row the filter shows of a step without a verdict, never on a
// later row of the step it is on.
func TestUnreviewedJumpsWithAFilterGoStepByStep(t *testing.T) {
	store := openFixtures(t)
	for _, filter := range []string{"kind:ai,human", "kind:human,exec", "actor:tomas"} {
		t.Run(filter+": ] lands once on each waiting step and [ retraces", func(t *testing.T) {
			a := newTestApp(t, store, reviewer, testIncident, 160, 48)
			filterBy(t, a, filter)
			var want []string
			seen := map[string]bool{}
			for _, r := range a.screen.timeline.rows {
				if r.Subject != "" && r.Verdict == "" && !seen[r.Subject] {
					seen[r.Subject] = true
					want = append(want, r.ID)
				}
			}
			if len(want) < 2 {
				t.Fatalf("the filter shows %d waiting steps; the test needs two", len(want))
			}
			walk := func(key string) []string {
				var got []string
				for range len(want) + 2 {
					was := selected(t, a).ID
					press(t, a, key)
					if now := selected(t, a).ID; now != was {
						got = append(got, now)
					} else {
						break
					}
				}
				return got
			}
			press(t, a, "g")
			if first := a.screen.timeline.rows[0]; seen[first.Subject] && first.ID == want[0] {
				want = want[1:]
			}
			if got := walk("]"); !slices.Equal(got, want) {
				t.Errorf("] went %v, want %v", got, want)
			}
			back := slices.Clone(want[:len(want)-1])
			slices.Reverse(back)
			if got := walk("["); !slices.Equal(got, back) {
				t.Errorf("[ went %v, want %v", got, back)
			}
		})
	}
}
