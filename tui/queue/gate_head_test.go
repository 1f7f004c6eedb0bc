package queue

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
)

// topLine is the queue's first line, colours stripped.
func topLine(m *Model) string {
	return strings.TrimRight(strings.SplitN(ansi.Strip(m.View()), "\n", 2)[0], " ")
}

// The queue's top line counts the items whose gate ended apart, as every
// other pending count does, at either size, filtered or not, and keeps
// who decides on the line.
func TestTheQueuesTopLineCountsTheItemsWhoseGateEnded(t *testing.T) {
	store := openStore(t)
	stopGate(t, store, "S5")
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := newTestModel(t, store, "tomas", size[0], size[1])
		if got, want := topLine(m), "signoff queue · 5 pending (1 gate ended) in 1 open incident · deciding as tomas"; got != want {
			t.Errorf("%dx%d: the top line reads %q, want %q", size[0], size[1], got, want)
		}
		press(t, m, "/")
		typeText(t, m, "tier:low")
		press(t, m, "enter")
		if got := topLine(m); !strings.Contains(got, "1 of 5 pending (1 gate ended) · filter: tier:low · deciding as tomas") {
			t.Errorf("%dx%d: filtered, the top line reads %q", size[0], size[1], got)
		}
		checkFrame(t, m.View(), size[0], size[1])
	}
}

// While only the queue's head is listed, the top line counts the whole
// queue's items whose gate ended, from the sort keys, and a line too long
// for a narrow terminal gives up the incidents' count before who decides.
func TestTheHeadsTopLineCountsTheWholeQueuesItemsWhoseGateEnded(t *testing.T) {
	store := longQueue(t)
	note := model.Event{ID: gate.NoteID("S1", clock), Kind: model.KindNote, Actor: gate.NoteActor,
		Summary: gate.StoppedNote("S1", "remediator", gate.LangChainHITL)}
	if dec, err := store.NoteUnanswered(context.Background(), "INC-00039", "S1", "gate", note); err != nil || dec != nil {
		t.Fatalf("noting S1: %v, %v", dec, err)
	}
	for _, tc := range []struct {
		w, h int
		want string
	}{
		{160, 48, "signoff queue · 200 pending (1 gate ended) in 40 open incidents · deciding as alice"},
		{80, 24, "signoff queue · 200 pending (1 gate ended) · deciding as alice"},
	} {
		m, _ := headOnly(t, store, tc.w, tc.h)
		if got := topLine(m); got != tc.want {
			t.Errorf("%dx%d: the head's top line reads %q, want %q", tc.w, tc.h, got, tc.want)
		}
		checkFrame(t, m.View(), tc.w, tc.h)
		whole := wholeRead(t, store, tc.w, tc.h)
		if got := topLine(whole); got != tc.want {
			t.Errorf("%dx%d: the whole read's top line reads %q, want %q", tc.w, tc.h, got, tc.want)
		}
	}
}

// A decision form open while the item's gate asks again, or ends, says
// what holds now once the queue refreshes: the form's warning follows the
// latest gate, as the list's mark does.
func TestAnOpenFormFollowsTheItemsGate(t *testing.T) {
	store := openStore(t)
	stopGate(t, store, "S5")
	m := newTestModel(t, store, "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "r")
	if !strings.Contains(detailText(m), "told no at") {
		t.Fatalf("the form does not say the gate stopped:\n%s", screen(m))
	}
	note := model.Event{ID: gate.NoteID("S5", clock.Add(time.Second)), Kind: model.KindNote, Actor: gate.NoteActor,
		Summary: gate.AskedAgainNote("S5", "triage", gate.LangChainHITL)}
	if dec, err := store.NoteUnanswered(context.Background(), "INC-2046", "S5", "gate", note); err != nil || dec != nil {
		t.Fatalf("noting S5: %v, %v", dec, err)
	}
	runCmd(t, m, m.cmds.load(0))
	if m.form == nil || strings.Contains(detailText(m), "told no at") {
		t.Errorf("with a gate waiting again, the form still says its gate stopped:\n%s", screen(m))
	}
}
