package statusform

import (
	"strings"
	"testing"

	"github.com/signoff/signoff/model"
	"github.com/signoff/signoff/tui/common"
	"github.com/signoff/signoff/tui/tuitest"
)

// A count taken afresh that differs from the one the person acted on
// takes them back from the confirmation, unticked, saying what changed;
// one that agrees changes nothing.
func TestARecountThatDiffersSendsThePersonBackToTheForm(t *testing.T) {
	st := common.New(common.Options{Renderer: tuitest.PlainRenderer()}).Styles
	text := func(m Model) string { return strings.Join(strings.Fields(strings.Join(m.Lines(200), " ")), " ") }
	t.Run("nothing pending at the confirmation, then two arrive", func(t *testing.T) {
		m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 0), "right", "enter", "done", "enter")
		if !m.confirming {
			t.Fatal("closing with nothing pending did not ask to confirm")
		}
		m.Recount(2, 0)
		if m.confirming || m.deferAll || !m.offersDefer() {
			t.Errorf("after the recount: confirming %v, ticked %v, box offered %v", m.confirming, m.deferAll, m.offersDefer())
		}
		if !strings.Contains(text(m), "2 suggestions are pending now, not 0") {
			t.Errorf("the form does not say the count changed: %s", text(m))
		}
	})
	t.Run("ticked for two, then none are left", func(t *testing.T) {
		m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 2), "right", "enter", "done", "enter", "space", "enter")
		m.Recount(0, 0)
		if m.confirming || m.deferAll || m.offersDefer() || strings.Contains(text(m), "still pending") {
			t.Errorf("with nothing pending the form still defers: %s", text(m))
		}
	})
	t.Run("the same count changes nothing", func(t *testing.T) {
		m, _ := run(New(st, "INC-7", "alice", model.StatusContained, 2), "right", "enter", "done", "enter", "space", "enter")
		m.Recount(2, 0)
		if !m.confirming || !m.deferAll || m.err != "" {
			t.Errorf("an unchanged count left the confirmation (confirming %v, ticked %v, %q)", m.confirming, m.deferAll, m.err)
		}
	})
}
