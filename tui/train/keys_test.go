package train

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The key line lists the keys each phase takes, as every screen's does
// (common.KeyLine): ? and the way out always show, even on a narrow
// terminal, and the keys before them give way from the right.
func TestTheKeyLineListsTheKeysOfEachPhase(t *testing.T) {
	store := openSmall(t)
	then := func(keys ...string) []string { return append(append([]string{}, toS2...), keys...) }
	cases := []struct {
		name      string
		keys      []string
		text      string // typed after the keys
		then      []string
		want, not []string
	}{
		{"watching", nil, "", nil,
			[]string{"space/n next event", "↓/j scroll down", "? more keys", "q leave (saved)"}, []string{"a approve", "tab"}},
		{"choosing", toS2, "", nil,
			[]string{"a approve", "m modify", "r reject", "d defer", "? more keys", "q leave (saved)"}, []string{"space/n", "tab"}},
		{"writing the rationale", then("m"), "", nil,
			[]string{"tab next field", "enter decide and reveal", "esc change outcome"}, []string{"? more keys", "q leave", "a approve"}},
		{"reading the reveal", then("a"), "go", []string{"enter"},
			[]string{"space/n next event", "? more keys", "q leave (saved)"}, []string{"a approve", "tab"}},
	}
	for _, tc := range cases {
		t.Run(tc.name+" at 80 columns lists its keys", func(t *testing.T) {
			m := newTestModel(t, store, "INC-2044", "tomas", 80, 24)
			press(t, m, tc.keys...)
			typeText(t, m, tc.text)
			press(t, m, tc.then...)
			line := ansi.Strip(m.footer())
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("the key line %q lacks %q", line, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(line, n) {
					t.Errorf("the key line %q lists %q, which does nothing now", line, n)
				}
			}
		})
	}
	for _, w := range []int{60, 40} {
		t.Run(fmt.Sprintf("choosing at %d columns still shows ? and q", w), func(t *testing.T) {
			m := newTestModel(t, store, "INC-2044", "tomas", w, 24)
			press(t, m, toS2...)
			line := ansi.Strip(m.footer())
			if !strings.HasSuffix(strings.TrimRight(line, " "), "? more keys • q leave (saved)") || strings.Contains(line, "\n") {
				t.Errorf("the key line at %d columns is %q", w, line)
			}
			if w == 60 && (!strings.HasPrefix(line, "a approve") || !strings.Contains(line, "…")) {
				t.Errorf("the key line at 60 columns does not keep the first keys and say some gave way: %q", line)
			}
		})
	}
}
