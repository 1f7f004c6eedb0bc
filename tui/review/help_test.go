package review

import (
	"strings"
	"testing"
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
