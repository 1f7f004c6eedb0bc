package tui

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
)

// The full-screen error is read whole at any width: its sentence wraps
// inside the box, never cut at the edge.
func TestTheFatalScreenShowsTheWholeSentence(t *testing.T) {
	store := openFixtures(t)
	for _, w := range []int{80, 50} {
		a := newTestApp(t, store, reviewer, "INC-9999", w, 24)
		if a.current != screenFatal {
			t.Fatalf("no fatal screen:\n%s", screenText(a))
		}
		want := model.ErrorMessage(a.fatal)
		var words []string
		for _, l := range strings.Split(screenText(a), "\n") {
			words = append(words, strings.Fields(strings.Trim(strings.TrimSpace(l), "│"))...)
		}
		if got := strings.Join(words, " "); !strings.Contains(got, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("at %d columns the screen does not hold the whole sentence %q:\n%s", w, want, screenText(a))
		}
		checkFrame(t, a.View(), w, 24)
	}
}
