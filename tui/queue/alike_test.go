package queue

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/review"
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

// The confirm step of a high action restates the incident, the last look
// before the record: one that reads like another is marked there too,
// and so is the id it asks to be typed, or a person typing what they see
// would be refused with a sentence naming what looks like what they typed.
func TestTheConfirmStepMarksAnIncidentThatReadsLikeAnother(t *testing.T) {
	store := openStore(t)
	m := newTestModel(t, store, "alice", 80, 24)
	q, err := store.PendingQueue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	review.SortQueue(review.DefaultPolicy(), q.Items) // as the screen's load does: it sets the tiers
	q.Alike = map[string]string{"INC-2046": "INC-2\u041e46"}
	drive(t, m, loadedMsg{queue: q})
	selectKey(t, m, "INC-2046/S6")
	press(t, m, "r")
	typeText(t, m, "no sign the server itself is compromised")
	press(t, m, "enter")
	if m.form == nil || !m.form.confirming {
		t.Fatalf("enter on a high action must ask for confirmation; status %q:\n%s", m.status, screen(m))
	}
	const mark = `INC-2046 (⚠ id INC-2046 reads like INC-2\u041e46)`
	flat := func() string { return strings.Join(strings.Fields(screen(m)), "") }
	for _, want := range []string{"in " + mark + ":", "Type " + mark + " or y"} {
		if !strings.Contains(flat(), strings.Join(strings.Fields(want), "")) {
			t.Errorf("the confirm step does not say %q:\n%s", want, screen(m))
		}
	}
	press(t, m, "enter")
	if m.form == nil || !strings.Contains(m.form.err, "Type "+mark+" or y") {
		t.Errorf("a bare enter is refused with %q", m.form.err)
	}
	checkFrame(t, m.View(), 80, 24)
}
