package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/signoff/signoff/tui/common"
)

func TestThePickerReachesEveryScreen(t *testing.T) {
	store := openFixtures(t)
	t.Run("P opens the pending queue and q comes back", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "P")
		if a.current != screenQueue {
			t.Fatalf("P opened screen %d", a.current)
		}
		press(t, a, "q")
		if a.current != screenPicker {
			t.Errorf("q from the queue did not return to the picker")
		}
	})
	t.Run("T starts training on the selected incident and leaving comes back", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		want := a.picker.Selected().ID
		press(t, a, "T")
		run, _ := a.Training()
		if a.current != screenTrain || run.Incident != want {
			t.Fatalf("T opened screen %d on %q, want training on %s", a.current, run.Incident, want)
		}
		press(t, a, "q")
		if a.current != screenPicker {
			t.Errorf("leaving the run did not return to the picker")
		}
	})
	t.Run("M opens the trust metrics", func(t *testing.T) {
		a := newTestApp(t, store, reviewer, "", 80, 24)
		press(t, a, "M")
		if a.current != screenMetrics {
			t.Errorf("M opened screen %d", a.current)
		}
	})
}

func TestAnEndFromOutsideQuitsWhateverIsOnShow(t *testing.T) {
	store := openFixtures(t)
	a := newTestApp(t, store, reviewer, testIncident, 80, 24)
	press(t, a, "]", "f") // a verdict being written
	if !drive(t, a, func() tea.Msg { return common.EndMsg{Reason: "your key was revoked"} }) {
		t.Fatal("EndMsg did not quit")
	}
	if a.Ended() != "your key was revoked" || a.confirm != "" {
		t.Errorf("ended %q, asking %q", a.Ended(), a.confirm)
	}
}

func TestASessionShowsWhoAndTheirKey(t *testing.T) {
	store := openFixtures(t)
	o := Options{}
	o.SessionKey = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
	a := newTestAppWith(t, o, store, reviewer, 160, 48)
	if out := screenText(a); !strings.Contains(out, "signoff · mara (SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU)\n") {
		t.Errorf("the picker does not say who is at the keyboard:\n%s", out)
	}
}
