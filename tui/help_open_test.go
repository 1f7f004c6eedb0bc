package tui

import (
	"fmt"
	"strings"
	"testing"
)

// Once ? has opened every key, ? says it closes them again (it no longer
// offers "more keys"), and ctrl+c, which works on every screen, is listed
// on every screen, as quit (or, in training, leave).
func TestTheOpenHelpSaysHowToCloseItAndListsCtrlC(t *testing.T) {
	store := smallStore(t)
	training := Options{Start: StartTraining}
	training.Training.Incident = "INC-7"
	screens := []struct {
		name string
		o    Options
		keys []string
	}{
		{"the picker", Options{}, nil},
		{"the review screen", Options{Incident: testIncident}, nil},
		{"the review screen's step pane", Options{Incident: testIncident}, []string{"enter"}},
		{"the review screen's evidence view", Options{Incident: testIncident}, []string{"]", "e"}},
		{"the verdict form", Options{Incident: testIncident}, []string{"]", "f"}},
		{"the queue", Options{Start: StartQueue}, nil},
		{"the queue's evidence view", Options{Start: StartQueue}, []string{"e"}},
		{"the dashboard", Options{Start: StartMetrics}, nil},
		{"training", training, []string{"space"}},
	}
	for _, sc := range screens {
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%s at %dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				a := newTestAppWith(t, sc.o, store, reviewer, size[0], size[1])
				press(t, a, sc.keys...)
				press(t, a, "?")
				flat := strings.Join(strings.Fields(screenText(a)), " ")
				if !strings.Contains(flat, "? close help") || strings.Contains(flat, "? more keys") {
					t.Errorf("the open help does not say ? closes it:\n%s", screenText(a))
				}
				if !strings.Contains(flat, "ctrl+c quit") && !strings.Contains(flat, "ctrl+c leave") {
					t.Errorf("the open help does not list ctrl+c:\n%s", screenText(a))
				}
				checkFrame(t, a.View(), size[0], size[1])
				press(t, a, "?")
				if flat := strings.Join(strings.Fields(screenText(a)), " "); !strings.Contains(flat, "? more keys") {
					t.Errorf("a second ? did not close the help:\n%s", screenText(a))
				}
			})
		}
	}
}
