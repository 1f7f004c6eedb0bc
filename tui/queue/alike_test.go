package queue

import (
	"context"
	"strings"
	"testing"
)

// An incident stored beside a look-alike (before imports refused one)
// heads its items with its id and its twin's spelt in escapes, within
// the 80 columns.
func TestAnIncidentHeaderMarksAnIDThatReadsLikeAnother(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "tomas", 80, 24)
	q, err := store.PendingQueue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	q.Alike = map[string]string{"INC-2046": "INC-2\u041e46"}
	drive(t, m, loadedMsg{queue: q})
	view := screen(m)
	checkFrame(t, m.View(), 80, 24)
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(l, "▌INC-2046") {
			if !strings.Contains(l, `⚠ id INC-2046 reads like INC-2\u041e46`) {
				t.Errorf("the header does not mark INC-2046: %q", l)
			}
			return
		}
	}
	t.Errorf("no header for INC-2046:\n%s", view)
}
