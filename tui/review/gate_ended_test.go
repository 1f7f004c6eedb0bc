package review

import (
	"context"
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/tui/tuitest"
)

// An incident with a pending suggestion whose gate already answered its
// agent says so in the header's pending count and in the status form.
func TestTheHeaderAndStatusFormSayWhichPendingGatesEnded(t *testing.T) {
	store := openFixtures(t)
	note := model.Event{ID: gate.NoteID("S5", clock), Kind: model.KindNote, Actor: gate.NoteActor,
		Summary: gate.StoppedNote("S5", "triage", gate.LangChainHITL)}
	if dec, err := store.NoteUnanswered(context.Background(), "INC-2046", "S5", "gate", note); err != nil || dec != nil {
		t.Fatalf("noting S5: %v, %v", dec, err)
	}
	a := newTestApp(t, store, "alice", "INC-2046", 160, 48)
	header := strings.Join(strings.Split(screenText(a), "\n")[:2], "\n")
	if !strings.Contains(header, " pending (1 gate ended) · ") {
		t.Errorf("the header reads:\n%s", header)
	}
	press(t, a, "S", "right")
	if text := tuitest.Text(a.View()); !strings.Contains(text, "1 of them: its gate already answered its agent") {
		t.Errorf("the status form does not say S5's gate ended:\n%s", text)
	}
}
