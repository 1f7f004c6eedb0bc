package queue

import (
	"strings"
	"testing"
)

// A detail taller than its pane says so on the pane's last line, so a
// person about to approve knows part of it (the rest of a padded detail,
// the agent, the rationale) is out of sight; scrolled to its end, it
// says nothing more.
func TestADetailTallerThanItsPaneSaysThereIsMoreBelow(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "alice", 80, 24)
	selectKey(t, m, "INC-2046/S3")
	if got := screen(m); !strings.Contains(got, "more lines below · J scrolls the detail") {
		t.Fatalf("at 80x24 the detail of INC-2046/S3 is cut off with nothing saying so:\n%s", got)
	}
	checkFrame(t, m.View(), 80, 24)
	for range 200 {
		press(t, m, "J")
	}
	if got := screen(m); strings.Contains(got, "below · J scrolls") {
		t.Errorf("scrolled to the end, the detail still says there is more below:\n%s", got)
	}
	checkFrame(t, m.View(), 80, 24)
}
