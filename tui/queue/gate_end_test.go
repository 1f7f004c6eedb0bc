package queue

import (
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signoff/signoff/db"
	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/model/gate"
	"github.com/signoff/signoff/review"
)

// detailText is the detail pane's text as one line, as onScreen has the
// screen's: on a wide screen the list's rows sit beside its lines.
func detailText(m *Model) string {
	return strings.Join(strings.Fields(ansi.Strip(m.detailView(m.detailWidth(), m.detailHeight()))), " ")
}

// stopGate records what a gate writes when it is stopped while it waits
// on suggestion of INC-2046, at the tests' clock.
func stopGate(t *testing.T, store *db.DB, suggestion string) {
	t.Helper()
	note := model.Event{ID: gate.NoteID(suggestion, clock), Kind: model.KindNote, Actor: gate.NoteActor,
		Summary: gate.StoppedNote(suggestion, "triage", gate.LangChainHITL)}
	if dec, err := store.NoteUnanswered(context.Background(), "INC-2046", suggestion, "gate", note); err != nil || dec != nil {
		t.Fatalf("noting %s: %v, %v", suggestion, dec, err)
	}
}

func TestAnItemWhoseGateStoppedIsMarkedLastAndSaysDecidingRunsNothing(t *testing.T) {
	store := openStore(t)
	stopGate(t, store, "S5")
	sentence := review.GateEnded(model.GateEnd{How: model.GateStopped, At: clock})
	if !strings.Contains(sentence, "told no at 2026-11-25 09:00:00 UTC (its gate stopped)") {
		t.Fatalf("the sentence the test looks for: %s", sentence)
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := newTestModel(t, store, "tomas", size[0], size[1])
		if got := keys(m); got != "S3 S4 S6 S8 S5" {
			t.Errorf("%dx%d: queue %s; want S5, whose gate stopped, after the live S8", size[0], size[1], got)
		}
		press(t, m, "s", "s") // by age, oldest first: S5 is older than S6 and S8, but its gate stopped
		if got := keys(m); got != "S3 S4 S6 S8 S5" {
			t.Errorf("%dx%d: by age %s; want S5 after the live ones", size[0], size[1], got)
		}
		selectKey(t, m, "INC-2046/S5")
		checkFrame(t, m.View(), size[0], size[1])
		var row string
		for _, l := range strings.Split(screen(m), "\n") {
			if strings.Contains(l, "S5 block_ip") {
				row = l
			}
		}
		if !strings.Contains(row, "TOLD NO") {
			t.Errorf("%dx%d: S5's row does not carry the mark: %q", size[0], size[1], row)
		}
		if !strings.Contains(detailText(m), "⚠ "+sentence) {
			t.Errorf("%dx%d: the detail does not say the gate stopped:\n%s", size[0], size[1], screen(m))
		}
		press(t, m, "a")
		if m.form == nil || !strings.Contains(detailText(m), "⚠ "+sentence) {
			t.Errorf("%dx%d: the approval form does not say the gate stopped:\n%s", size[0], size[1], screen(m))
		}
		press(t, m, "esc")
	}

	// Deciding it still records the person's call.
	m := newTestModel(t, store, "tomas", 80, 24)
	selectKey(t, m, "INC-2046/S5")
	press(t, m, "r")
	typeText(t, m, "the agent gave up on it")
	press(t, m, "enter")
	if d := decisionOf(t, m, "S5"); d == nil || d.Outcome != model.OutcomeRejected {
		t.Fatalf("the rejection of S5 was not recorded: %+v (form %+v)", d, m.form)
	}
	if !strings.Contains(m.status, "Recorded D-S5") || !strings.Contains(m.status, "Its gate had stopped waiting: nothing will run it.") {
		t.Errorf("the footer after the decision: %q", m.status)
	}
}

// The incident's header in the queue, what a shift reads first of each
// incident, counts its items whose gate stopped apart.
func TestTheIncidentsHeaderCountsTheItemsWhoseGateStopped(t *testing.T) {
	store := openStore(t)
	stopGate(t, store, "S5")
	m := newTestModel(t, store, "tomas", 160, 48)
	if text := onScreen(m); !strings.Contains(text, "INC-2046 · sev2 · open · 5 pending (1 gate ended) · ") {
		t.Errorf("the incident's header does not count S5 apart:\n%s", text)
	}
}
