package review

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
)

// ? lists every key that works where it is pressed, even in the evidence
// view and the verdict form, whose keys do not fit one line at 80 columns.
func TestQuestionMarkListsTheKeysOfWhatIsOpen(t *testing.T) {
	cases := []struct {
		name string
		open []string
		want []string
	}{
		{"the evidence view", []string{"]", "e"}, []string{"q/esc back", "pgdn/space/f page down", "G bottom"}},
		{"the verdict form", []string{"]", "f"}, []string{"tab note", "enter save", "esc cancel"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := newTestApp(t, openFixtures(t), reviewer, testIncident, 80, 24)
			press(t, a, c.open...)
			press(t, a, "?")
			out := screenText(a)
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("after ? the screen does not list %q:\n%s", w, out)
				}
			}
			checkFrame(t, a.View(), 80, 24)
			press(t, a, "?")
			if a.screen.help.ShowAll {
				t.Errorf("a second ? did not fold the keys away:\n%s", screenText(a))
			}
		})
	}
}

// Every key the timeline takes is in its ? help, wherever the cursor is:
// on a row that is no step, before any search, f, m, i, x, a, n and N
// still answer (they say why they do not act there), so ? lists them with
// when they act. A binding's keys count as listed when every key its help
// names is among the keys the help shows (N within n/N).
func TestTheTimelineHelpListsEveryKeyTheScreenTakes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, tc := range []struct {
			name, person string
			keys         []string
		}{
			{"on the first row, no step, before a search", reviewer, nil},
			{"on a step", reviewer, []string{"]"}},
			{"as someone who may not record verdicts", "nobody", []string{"]"}},
		} {
			t.Run(fmt.Sprintf("%s at %dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				a := newTestApp(t, openFixtures(t), tc.person, testIncident, size[0], size[1])
				press(t, a, tc.keys...)
				press(t, a, "?")
				shown := map[string]bool{}
				flat := strings.Join(strings.Fields(screenText(a)), " ")
				for _, group := range a.screen.helpKeys().FullHelp() {
					for _, b := range group {
						if !b.Enabled() {
							continue
						}
						if h := b.Help(); h.Key != "?" && !strings.Contains(flat, h.Key+" "+strings.Join(strings.Fields(h.Desc), " ")) {
							t.Errorf("the help offers %q but the screen does not show it:\n%s", h.Key+" "+h.Desc, screenText(a))
						}
						for _, k := range strings.Split(b.Help().Key, "/") {
							shown[k] = true
						}
					}
				}
				km := reflect.ValueOf(a.screen.KeyMap)
				for i := range km.NumField() {
					b := km.Field(i).Interface().(key.Binding)
					for _, k := range strings.Split(b.Help().Key, "/") {
						if !shown[k] {
							t.Errorf("%s (%s) is not in the ? help: %v", km.Type().Field(i).Name, k, slices.Sorted(maps.Keys(shown)))
						}
					}
				}
			})
		}
	}
}
