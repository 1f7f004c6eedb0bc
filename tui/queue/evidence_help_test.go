package queue

import (
	"strings"
	"testing"
)

// ? in the evidence view lists every key that works there, as on every
// other screen: the footer has room only for the most used.
func TestEvidenceViewHelpListsEveryKey(t *testing.T) {
	for _, w := range []int{80, 160} {
		m := newTestModel(t, openStore(t), "alice", w, 24)
		selectKey(t, m, "INC-2046/S3")
		press(t, m, "e")
		if !strings.Contains(onScreen(m), "? more keys") {
			t.Errorf("at %d columns the evidence view's footer does not offer ?:\n%s", w, screen(m))
		}
		press(t, m, "?")
		if m.evidence == nil {
			t.Fatalf("at %d columns ? closed the evidence view", w)
		}
		text := onScreen(m)
		for _, want := range []string{"g/home", "G/end", "copy id, hash or URI", "esc back"} {
			if !strings.Contains(text, want) {
				t.Errorf("at %d columns ? in the evidence view does not list %q:\n%s", w, want, screen(m))
			}
		}
		checkFrame(t, m.View(), w, 24)
	}
}
